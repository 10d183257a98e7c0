from __future__ import annotations

from posture_break.platform import sound


def test_prefers_the_desktop_event_sound_player():
    cmd = sound.command_for("start", which=lambda name: f"/usr/bin/{name}")
    assert cmd == ["canberra-gtk-play", "--id", "bell", "--description", "posture-break"]


def test_falls_back_to_the_theme_file_with_a_plain_player(tmp_path):
    (tmp_path / "complete.oga").write_bytes(b"OggS")
    which = {"paplay": "/usr/bin/paplay"}.get
    assert sound.command_for("end", which=which, theme=tmp_path) == [
        "paplay",
        str(tmp_path / "complete.oga"),
    ]


def test_beeps_when_nothing_else_exists(tmp_path):
    beeps: list[int] = []
    used = sound.play("end", which=lambda name: None, beep=lambda: beeps.append(1))
    assert used == "beep" and beeps == [1]


def test_a_player_that_cannot_start_is_not_an_error():
    def spawn(cmd):
        raise FileNotFoundError(cmd[0])

    used = sound.play("start", which=lambda name: f"/usr/bin/{name}", spawn=spawn)
    assert used == "failed"

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Settings file problem</source>
        <translation>Problem mit der Einstellungsdatei</translation>
    </message>
    <message>
        <source>posture-break</source>
        <translation>posture-break</translation>
    </message>
    <message>
        <source>posture-break cannot save</source>
        <translation>posture-break kann nicht speichern</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <source>Queued, will be saved: the history is busy (another program is writing to it); the outcome is kept and written as soon as it is free.</source>
        <translation>Vorgemerkt, wird gespeichert: Der Verlauf ist belegt (ein anderes Programm schreibt gerade hinein); das Ergebnis bleibt erhalten und wird geschrieben, sobald er frei ist.</translation>
    </message>
    <message>
        <source>Start now</source>
        <translation>Jetzt starten</translation>
    </message>
    <message>
        <source>Finish your sentence; your break card will appear.</source>
        <translation>Bring deinen Satz zu Ende, dann erscheint deine Pausenkarte.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Überspringen</translation>
    </message>
    <message>
        <source>Time for a break</source>
        <translation>Zeit für eine Pause</translation>
    </message>
    <message>
        <source>The break window may be behind other windows. Press Done once you took it.</source>
        <translation>Das Pausenfenster liegt vielleicht hinter anderen Fenstern. Drücke „Fertig“, sobald du die Pause gemacht hast.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>The settings dialog is not available yet.</source>
        <translation>Der Einstellungsdialog ist noch nicht verfügbar.</translation>
    </message>
    <message>
        <source>Settings not saved</source>
        <translation>Einstellungen nicht gespeichert</translation>
    </message>
    <message>
        <source>%s has an error; the new settings apply until you quit. Fix or remove the file to save them.</source>
        <translation>%s enthält einen Fehler; die neuen Einstellungen gelten, bis du die App beendest. Korrigiere oder entferne die Datei, damit sie gespeichert werden.</translation>
    </message>
    <message>
        <source>do not disturb is on</source>
        <translation>„Nicht stören“ ist an</translation>
    </message>
    <message>
        <source>a fullscreen window has focus</source>
        <translation>ein Vollbildfenster ist aktiv</translation>
    </message>
</context>
<context>
    <name>BreakPresenter</name>
    <message numerus="yes">
        <source>Long break in %n seconds</source>
        <translation>
            <numerusform>Lange Pause in %n Sekunde</numerusform>
            <numerusform>Lange Pause in %n Sekunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Micro-break in %n seconds</source>
        <translation>
            <numerusform>Kurzpause in %n Sekunde</numerusform>
            <numerusform>Kurzpause in %n Sekunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Snooze %n min</source>
        <translation>
            <numerusform>%n Min. später</numerusform>
            <numerusform>%n Min. später</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BreakWindow</name>
    <message>
        <source>Time for a break</source>
        <translation>Zeit für eine Pause</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Card position</source>
        <translation>Kartenposition</translation>
    </message>
    <message>
        <source>Card kind and length</source>
        <translation>Kartenart und Dauer</translation>
    </message>
    <message>
        <source>Safety notice</source>
        <translation>Sicherheitshinweise</translation>
    </message>
    <message>
        <source>How to stretch safely and when to stop</source>
        <translation>Wie du sicher dehnst und wann du aufhören solltest</translation>
    </message>
    <message>
        <source>Illustration</source>
        <translation>Abbildung</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Verbleibende Zeit</translation>
    </message>
    <message>
        <source>left in this break</source>
        <translation>Restzeit dieser Pause</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Überspringen</translation>
    </message>
    <message>
        <source>Skip this break</source>
        <translation>Diese Pause überspringen</translation>
    </message>
    <message>
        <source>Shortcut: Esc</source>
        <translation>Tastenkürzel: Esc</translation>
    </message>
    <message numerus="yes">
        <source>Snooze %n min</source>
        <translation>
            <numerusform>%n Min. später</numerusform>
            <numerusform>%n Min. später</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Snooze for %n minutes</source>
        <translation>
            <numerusform>Um %n Minute verschieben</numerusform>
            <numerusform>Um %n Minuten verschieben</numerusform>
        </translation>
    </message>
    <message>
        <source>Shortcut: S</source>
        <translation>Tastenkürzel: S</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Next card</source>
        <translation>Nächste Karte</translation>
    </message>
    <message>
        <source>Shortcut: N</source>
        <translation>Tastenkürzel: N</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Done, I took the break</source>
        <translation>Fertig, ich habe die Pause gemacht</translation>
    </message>
    <message>
        <source>Shortcut: Enter</source>
        <translation>Tastenkürzel: Eingabetaste</translation>
    </message>
    <message>
        <source>Card {current} of {total}</source>
        <translation>Karte {current} von {total}</translation>
    </message>
    <message>
        <source>Step %s</source>
        <translation>Schritt %s</translation>
    </message>
    <message>
        <source>Step {n}: {text}</source>
        <translation>Schritt {n}: {text}</translation>
    </message>
    <message>
        <source>Stretch</source>
        <translation>Dehnen</translation>
    </message>
    <message>
        <source>Self-massage</source>
        <translation>Selbstmassage</translation>
    </message>
    <message>
        <source>Eyes</source>
        <translation>Augen</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Bewegung</translation>
    </message>
    <message>
        <source>{kind} · about {minutes} min</source>
        <translation>{kind} · etwa {minutes} Min.</translation>
    </message>
    <message>
        <source>{kind} · about {seconds} s</source>
        <translation>{kind} · etwa {seconds} s</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>noch {time}</translation>
    </message>
</context>
<context>
    <name>CautionBox</name>
    <message>
        <source>Caution</source>
        <translation>Vorsicht</translation>
    </message>
    <message>
        <source>Caution: {text}</source>
        <translation>Vorsicht: {text}</translation>
    </message>
</context>
<context>
    <name>IllustrationView</name>
    <message>
        <source>No picture</source>
        <translation>Kein Bild</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>posture-break settings</source>
        <translation>posture-break-Einstellungen</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Settings sections</source>
        <translation>Einstellungsbereiche</translation>
    </message>
    <message>
        <source>&amp;Breaks</source>
        <translation>&amp;Pausen</translation>
    </message>
    <message>
        <source>&amp;Work hours</source>
        <translation>&amp;Arbeitszeiten</translation>
    </message>
    <message>
        <source>&amp;Cards</source>
        <translation>&amp;Karten</translation>
    </message>
    <message>
        <source>&amp;Health</source>
        <translation>&amp;Gesundheit</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>A&amp;llgemein</translation>
    </message>
    <message>
        <source>Next break</source>
        <translation>Nächste Pause</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Übernehmen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Restore defaults</source>
        <translation>Standardwerte wieder&amp;herstellen</translation>
    </message>
    <message>
        <source>Apply the settings and close</source>
        <translation>Einstellungen übernehmen und schließen</translation>
    </message>
    <message>
        <source>Apply the settings now</source>
        <translation>Einstellungen jetzt übernehmen</translation>
    </message>
    <message>
        <source>Close without applying</source>
        <translation>Schließen, ohne zu übernehmen</translation>
    </message>
    <message>
        <source>Fill in the default settings</source>
        <translation>Die Standardeinstellungen eintragen</translation>
    </message>
    <message>
        <source>Nothing is saved until you apply. Health answers are kept.</source>
        <translation>Gespeichert wird erst, wenn du übernimmst. Deine Gesundheitsangaben bleiben erhalten.</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Eigene</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <source>Choosing a preset fills in the break rhythm below.</source>
        <translation>Eine Vorlage trägt den Pausenrhythmus unten für dich ein.</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>&amp;Vorlage:</translation>
    </message>
    <message>
        <source>Rhythm</source>
        <translation>Rhythmus</translation>
    </message>
    <message>
        <source>Warn before a brea&amp;k:</source>
        <translation>Vor&amp;warnung vor einer Pause:</translation>
    </message>
    <message>
        <source>Count time awa&amp;y from the computer as a break</source>
        <translation>&amp;Zeit fern vom Computer als Pause zählen</translation>
    </message>
    <message>
        <source>Wa&amp;it at most:</source>
        <translation>Hö&amp;chstens warten:</translation>
    </message>
    <message>
        <source>Co&amp;py Monday to Tuesday-Friday</source>
        <translation>Montag auf Dienstag bis Freitag k&amp;opieren</translation>
    </message>
    <message>
        <source>Start posture-break when I log &amp;in</source>
        <translation>posture-break beim Anmel&amp;den starten</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Micro-break every, minutes</source>
        <translation>Kurzpause alle, in Minuten</translation>
    </message>
    <message>
        <source>Suggested: 10 to 60 minutes</source>
        <translation>Empfohlen: 10 bis 60 Minuten</translation>
    </message>
    <message>
        <source>Micro-break length, seconds</source>
        <translation>Länge der Kurzpause, in Sekunden</translation>
    </message>
    <message>
        <source>Suggested: 20 to 60 seconds</source>
        <translation>Empfohlen: 20 bis 60 Sekunden</translation>
    </message>
    <message>
        <source>Long break every, minutes</source>
        <translation>Lange Pause alle, in Minuten</translation>
    </message>
    <message>
        <source>Suggested: 45 to 90 minutes</source>
        <translation>Empfohlen: 45 bis 90 Minuten</translation>
    </message>
    <message>
        <source>Long break length, minutes</source>
        <translation>Länge der langen Pause, in Minuten</translation>
    </message>
    <message>
        <source>Suggested: 3 to 10 minutes</source>
        <translation>Empfohlen: 3 bis 10 Minuten</translation>
    </message>
    <message>
        <source>Warning before a break, seconds</source>
        <translation>Vorwarnung vor einer Pause, in Sekunden</translation>
    </message>
    <message>
        <source>0 means no warning</source>
        <translation>0 bedeutet keine Vorwarnung</translation>
    </message>
    <message>
        <source>No warning</source>
        <translation>Keine Vorwarnung</translation>
    </message>
    <message>
        <source>&amp;Micro-break every:</source>
        <translation>K&amp;urzpause alle:</translation>
    </message>
    <message>
        <source>Micro-break &amp;lasts:</source>
        <translation>Kurzpause &amp;dauert:</translation>
    </message>
    <message>
        <source>L&amp;ong break every:</source>
        <translation>La&amp;nge Pause alle:</translation>
    </message>
    <message>
        <source>Long break la&amp;sts:</source>
        <translation>Lange Pause dau&amp;ert:</translation>
    </message>
    <message>
        <source>Snoozing and waiting</source>
        <translation>Verschieben und Warten</translation>
    </message>
    <message>
        <source>Snooze length, minutes</source>
        <translation>Verschieben um, in Minuten</translation>
    </message>
    <message>
        <source>Snoozes in a row</source>
        <translation>Verschiebungen in Folge</translation>
    </message>
    <message>
        <source>How often one break can be put off</source>
        <translation>Wie oft sich eine Pause aufschieben lässt</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>S&amp;nooze for:</source>
        <translation>Ver&amp;schieben um:</translation>
    </message>
    <message>
        <source>Snoo&amp;zes in a row:</source>
        <translation>Verschiebungen in &amp;Folge:</translation>
    </message>
    <message>
        <source>Being idle for a break&apos;s length counts as that break, with no prompt.</source>
        <translation>Bist du so lange nicht am Computer, wie die Pause dauert, zählt das als Pause, ganz ohne Erinnerung.</translation>
    </message>
    <message>
        <source>S&amp;trict mode: no skipping or snoozing</source>
        <translation>St&amp;renger Modus: kein Überspringen, kein Verschieben</translation>
    </message>
    <message>
        <source>The break window shows no Skip and no Snooze button.</source>
        <translation>Das Pausenfenster zeigt keine Schaltflächen zum Überspringen und Verschieben.</translation>
    </message>
    <message>
        <source>Wait while do not &amp;disturb is on or a fullscreen window has focus</source>
        <translation>&amp;Mit der Pause warten, solange „Nicht stören“ an ist oder ein Vollbildfenster aktiv ist</translation>
    </message>
    <message>
        <source>A presentation, a video call or a game is not interrupted.</source>
        <translation>Präsentationen, Videokonferenzen und Spiele werden nicht unterbrochen.</translation>
    </message>
    <message>
        <source>Longest wait, minutes</source>
        <translation>Längste Wartezeit, in Minuten</translation>
    </message>
    <message>
        <source>After this long, the break asks anyway</source>
        <translation>Danach meldet sich die Pause trotzdem</translation>
    </message>
    <message>
        <source>Wait during calls: microphone or camera in us&amp;e, or the screen shared</source>
        <translation>Bei Anrufen warten: Mikrofon oder Kamera in B&amp;enutzung oder Bildschirm geteilt</translation>
    </message>
    <message>
        <source>A call is not interrupted; the break comes within seconds of its end.</source>
        <translation>Ein Anruf wird nicht unterbrochen; die Pause kommt wenige Sekunden nach seinem Ende.</translation>
    </message>
    <message>
        <source>Breaks come only within these hours. Separate several ranges with commas, for example 09:00-12:30, 13:30-18:00. Leave a day empty for no breaks.</source>
        <translation>Pausen gibt es nur innerhalb dieser Zeiten. Trenne mehrere Zeitspannen durch Kommas, zum Beispiel 09:00-12:30, 13:30-18:00. Lass einen Tag leer, wenn es an ihm keine Pausen geben soll.</translation>
    </message>
    <message>
        <source>no breaks</source>
        <translation>keine Pausen</translation>
    </message>
    <message>
        <source>Work hours on %1</source>
        <translation>Arbeitszeiten am %1</translation>
    </message>
    <message>
        <source>Ranges like 09:00-12:30, 13:30-18:00</source>
        <translation>Zeitspannen wie 09:00-12:30, 13:30-18:00</translation>
    </message>
    <message>
        <source>Copy Monday&apos;s hours to the other weekdays</source>
        <translation>Die Zeiten vom Montag auf die anderen Werktage übertragen</translation>
    </message>
    <message>
        <source>Focus areas (none ticked: all of them)</source>
        <translation>Körperbereiche (nichts angehakt: alle)</translation>
    </message>
    <message>
        <source>Equipment at hand</source>
        <translation>Verfügbare Hilfsmittel</translation>
    </message>
    <message>
        <source>Animate the &amp;illustrations</source>
        <translation>Abbildungen an&amp;imieren</translation>
    </message>
    <message>
        <source>Off: cards show one still picture.</source>
        <translation>Aus: Die Karten zeigen ein unbewegtes Bild.</translation>
    </message>
    <message>
        <source>Play a &amp;sound when a break starts and ends</source>
        <translation>Einen &amp;Ton spielen, wenn eine Pause beginnt und endet</translation>
    </message>
    <message>
        <source>Read the safety &amp;notice…</source>
        <translation>&amp;Sicherheitshinweise lesen…</translation>
    </message>
    <message>
        <source>Safety notice</source>
        <translation>Sicherheitshinweise</translation>
    </message>
    <message>
        <source>S&amp;um up my week after its last work hours</source>
        <translation>Meine &amp;Woche nach der letzten Arbeitszeit zusammenfassen</translation>
    </message>
    <message>
        <source>A notification with the week&apos;s breaks; it opens the charts on that week.</source>
        <translation>Eine Benachrichtigung mit den Pausen der Woche; sie öffnet die Diagramme dieser Woche.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Takes effect the next time the app starts</source>
        <translation>Gilt ab dem nächsten Start der App</translation>
    </message>
    <message>
        <source>(after a restart)</source>
        <translation>(nach einem Neustart)</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Sync folder</source>
        <translation>Synchronisationsordner</translation>
    </message>
    <message>
        <source>A folder your file sync shares between your computers; empty: off</source>
        <translation>Ein Ordner, den deine Dateisynchronisation zwischen deinen Computern teilt; leer: aus</translation>
    </message>
    <message>
        <source>Ch&amp;oose…</source>
        <translation>Aus&amp;wählen…</translation>
    </message>
    <message>
        <source>Choose the sync folder</source>
        <translation>Synchronisationsordner auswählen</translation>
    </message>
    <message>
        <source>S&amp;ync folder:</source>
        <translation>S&amp;ynchronisationsordner:</translation>
    </message>
    <message>
        <source>Your break history and streaks follow you across computers through a folder Syncthing, Nextcloud or Dropbox keeps in step. Settings stay on each computer.</source>
        <translation>Dein Pausenverlauf und deine Serien folgen dir über einen Ordner, den Syncthing, Nextcloud oder Dropbox abgleicht, auf alle deine Computer. Die Einstellungen bleiben auf jedem Computer für sich.</translation>
    </message>
    <message>
        <source>A long break must be longer than a micro-break.</source>
        <translation>Eine lange Pause muss länger sein als eine Kurzpause.</translation>
    </message>
    <message>
        <source>Long breaks cannot come more often than micro-breaks.</source>
        <translation>Lange Pausen können nicht häufiger kommen als Kurzpausen.</translation>
    </message>
    <message>
        <source>The warning must be shorter than the time between micro-breaks.</source>
        <translation>Die Vorwarnung muss kürzer sein als die Zeit zwischen zwei Kurzpausen.</translation>
    </message>
    <message>
        <source>“%1” is not a range like 09:00-18:00.</source>
        <translation>„%1“ ist keine Zeitspanne wie 09:00-18:00.</translation>
    </message>
    <message>
        <source>%1 and %2 overlap.</source>
        <translation>%1 und %2 überschneiden sich.</translation>
    </message>
    <message>
        <source>Fix the marked field to apply.</source>
        <translation>Korrigiere das markierte Feld, um zu übernehmen.</translation>
    </message>
    <message numerus="yes">
        <source>Fix the %n marked fields to apply.</source>
        <translation>
            <numerusform>Korrigiere das markierte Feld, um zu übernehmen.</numerusform>
            <numerusform>Korrigiere die %n markierten Felder, um zu übernehmen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Breaks are paused.</source>
        <translation>Die Erinnerungen sind pausiert.</translation>
    </message>
    <message>
        <source>A break is on now.</source>
        <translation>Gerade läuft eine Pause.</translation>
    </message>
    <message>
        <source>Next break at %1 (a long break)</source>
        <translation>Nächste Pause um %1 (eine lange Pause)</translation>
    </message>
    <message>
        <source>Next break at %1 (a micro-break)</source>
        <translation>Nächste Pause um %1 (eine Kurzpause)</translation>
    </message>
    <message>
        <source>No breaks until work hours begin, %1</source>
        <translation>Keine Pausen bis zum Beginn der Arbeitszeit, %1</translation>
    </message>
    <message>
        <source>No work hours set: no breaks.</source>
        <translation>Keine Arbeitszeiten festgelegt: keine Pausen.</translation>
    </message>
    <message>
        <source>No more breaks in these work hours.</source>
        <translation>In dieser Arbeitszeit kommen keine Pausen mehr.</translation>
    </message>
    <message>
        <source>Could not change start at login: %1</source>
        <translation>Der Start bei der Anmeldung ließ sich nicht ändern: %1</translation>
    </message>
    <message>
        <source>Evidence-based</source>
        <translation>Evidenzbasiert</translation>
    </message>
    <message>
        <source>Pomodoro 25/5 + 15 after four</source>
        <translation>Pomodoro 25/5 + 15 nach vier</translation>
    </message>
    <message>
        <source>Move more: 5-min walk every 30 min</source>
        <translation>Mehr Bewegung: alle 30 Min. 5 Min. gehen</translation>
    </message>
    <message>
        <source>&amp;Monday</source>
        <translation>&amp;Montag</translation>
    </message>
    <message>
        <source>&amp;Tuesday</source>
        <translation>&amp;Dienstag</translation>
    </message>
    <message>
        <source>W&amp;ednesday</source>
        <translation>M&amp;ittwoch</translation>
    </message>
    <message>
        <source>Th&amp;ursday</source>
        <translation>Do&amp;nnerstag</translation>
    </message>
    <message>
        <source>&amp;Friday</source>
        <translation>&amp;Freitag</translation>
    </message>
    <message>
        <source>&amp;Saturday</source>
        <translation>&amp;Samstag</translation>
    </message>
    <message>
        <source>Su&amp;nday</source>
        <translation>Sonn&amp;tag</translation>
    </message>
    <message>
        <source>Neck</source>
        <translation>Nacken</translation>
    </message>
    <message>
        <source>Shoulders</source>
        <translation>Schultern</translation>
    </message>
    <message>
        <source>Upper back</source>
        <translation>Oberer Rücken</translation>
    </message>
    <message>
        <source>Lower back</source>
        <translation>Unterer Rücken</translation>
    </message>
    <message>
        <source>Chest and posture</source>
        <translation>Brust und Haltung</translation>
    </message>
    <message>
        <source>Wrists and forearms</source>
        <translation>Handgelenke und Unterarme</translation>
    </message>
    <message>
        <source>Hips and legs</source>
        <translation>Hüften und Beine</translation>
    </message>
    <message>
        <source>Eyes</source>
        <translation>Augen</translation>
    </message>
    <message>
        <source>A free wall</source>
        <translation>Eine freie Wand</translation>
    </message>
    <message>
        <source>A massage or tennis ball</source>
        <translation>Ein Massage- oder Tennisball</translation>
    </message>
    <message>
        <source>A foam roller</source>
        <translation>Eine Faszienrolle</translation>
    </message>
    <message>
        <source>Space on the floor</source>
        <translation>Platz auf dem Boden</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Systemsprache</translation>
    </message>
</context>
<context>
    <name>StatsText</name>
    <message numerus="yes">
        <source>%n days</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>completion rate (%n unconfirmed left out)</source>
        <translation>
            <numerusform>Pausenquote (%n unbestätigte Pause nicht gezählt)</numerusform>
            <numerusform>Pausenquote (%n unbestätigte Pausen nicht gezählt)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{area}: %n done breaks touched this area</source>
        <translation>
            <numerusform>{area}: in %n gemachten Pause dabei</numerusform>
            <numerusform>{area}: in %n gemachten Pausen dabei</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatsWindow</name>
    <message>
        <source>Done</source>
        <translation>Gemacht</translation>
    </message>
    <message>
        <source>Natural</source>
        <translation>Von selbst</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Verpasst</translation>
    </message>
    <message>
        <source>Unconfirmed</source>
        <translation>Unbestätigt</translation>
    </message>
    <message>
        <source>Neck</source>
        <translation>Nacken</translation>
    </message>
    <message>
        <source>Shoulders</source>
        <translation>Schultern</translation>
    </message>
    <message>
        <source>Upper back</source>
        <translation>Oberer Rücken</translation>
    </message>
    <message>
        <source>Lower back</source>
        <translation>Unterer Rücken</translation>
    </message>
    <message>
        <source>Chest</source>
        <translation>Brust</translation>
    </message>
    <message>
        <source>Wrists</source>
        <translation>Handgelenke</translation>
    </message>
    <message>
        <source>Hips &amp; legs</source>
        <translation>Hüften &amp; Beine</translation>
    </message>
    <message>
        <source>Eyes</source>
        <translation>Augen</translation>
    </message>
    <message>
        <source>No breaks recorded this week yet.
Your done, skipped and natural breaks will appear here.</source>
        <translation>Für diese Woche sind noch keine Pausen erfasst.
Hier erscheinen deine gemachten, übersprungenen und von selbst eingelegten Pausen.</translation>
    </message>
    <message>
        <source>Snoozes</source>
        <translation>Verschiebungen</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>{n}%</source>
        <comment>a percentage</comment>
        <translation>{n}&#xa0;%</translation>
    </message>
    <message>
        <source>d</source>
        <comment>date pattern: first day of a week within one month</comment>
        <translation>d.</translation>
    </message>
    <message>
        <source>d MMMM yyyy</source>
        <comment>date pattern: last day, same month</comment>
        <translation>d. MMMM yyyy</translation>
    </message>
    <message>
        <source>d MMM</source>
        <comment>date pattern: first day, other month</comment>
        <translation>d. MMM</translation>
    </message>
    <message>
        <source>d MMM yyyy</source>
        <comment>date pattern: a day with its year</comment>
        <translation>d. MMM yyyy</translation>
    </message>
    <message>
        <source>Week {number} · {span}</source>
        <translation>Woche {number} · {span}</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 Tag</translation>
    </message>
    <message>
        <source>breaks done</source>
        <translation>Pausen gemacht</translation>
    </message>
    <message>
        <source>minutes moved</source>
        <translation>Minuten bewegt</translation>
    </message>
    <message>
        <source>completion rate</source>
        <translation>Pausenquote</translation>
    </message>
    <message>
        <source>streak at your goal</source>
        <translation>in Folge am Ziel</translation>
    </message>
    <message>
        <source>done vs last week</source>
        <translation>zur Vorwoche</translation>
    </message>
    <message>
        <source>dddd d MMMM</source>
        <comment>date pattern: a day&apos;s tooltip</comment>
        <translation>dddd, d. MMMM</translation>
    </message>
    <message>
        <source>Done: {n} ({minutes} min)</source>
        <translation>Gemacht: {n} ({minutes} Min.)</translation>
    </message>
    <message>
        <source>Snoozes: {n}</source>
        <translation>Verschiebungen: {n}</translation>
    </message>
    <message>
        <source>{label}: {value}</source>
        <translation>{label}: {value}</translation>
    </message>
    <message>
        <source>Breaks per day</source>
        <translation>Pausen pro Tag</translation>
    </message>
    <message>
        <source>Snoozed</source>
        <translation>Verschoben</translation>
    </message>
    <message>
        <source>Body areas</source>
        <translation>Körperbereiche</translation>
    </message>
    <message>
        <source>Done breaks that reached each area</source>
        <translation>Gemachte Pausen je Bereich</translation>
    </message>
    <message>
        <source>Fills in as you do breaks</source>
        <translation>Füllt sich mit deinen Pausen</translation>
    </message>
    <message>
        <source>{area}: 1 done break touched this area</source>
        <translation>{area}: in einer gemachten Pause dabei</translation>
    </message>
    <message>
        <source>Last {n} weeks</source>
        <translation>Letzte {n} Wochen</translation>
    </message>
    <message>
        <source>Completion rate</source>
        <translation>Pausenquote</translation>
    </message>
    <message>
        <source>Minutes moved</source>
        <translation>Bewegte Minuten</translation>
    </message>
    <message>
        <source>{n} min</source>
        <comment>axis label: minutes moved in a week</comment>
        <translation>{n} Min.</translation>
    </message>
    <message>
        <source>Your 12-week trend starts with your first break.</source>
        <translation>Dein 12-Wochen-Verlauf beginnt mit deiner ersten Pause.</translation>
    </message>
    <message>
        <source>{week} (from {date})
Done: {done}
Completion rate: {rate}
Minutes moved: {minutes}</source>
        <translation>{week} (ab {date})
Gemacht: {done}
Pausenquote: {rate}
Bewegte Minuten: {minutes}</translation>
    </message>
    <message>
        <source>d MMM</source>
        <comment>date pattern: the Monday a trend week starts on</comment>
        <translation>d. MMM</translation>
    </message>
    <message>
        <source>W{n}</source>
        <comment>a week number under the trend</comment>
        <translation>KW {n}</translation>
    </message>
    <message>
        <source>{name}: choose a .png or .svg file name</source>
        <translation>{name}: Wähle einen Dateinamen mit der Endung .png oder .svg</translation>
    </message>
    <message>
        <source>{path}: cannot write the image</source>
        <translation>{path}: Das Bild kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>posture-break, week {week}</source>
        <translation>posture-break, Woche {week}</translation>
    </message>
    <message>
        <source>{path}: cannot write the drawing</source>
        <translation>{path}: Die Grafik kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Weekly chart</source>
        <translation>Wochendiagramm</translation>
    </message>
    <message>
        <source>Weekly stats – posture-break</source>
        <translation>Wochenstatistik – posture-break</translation>
    </message>
    <message>
        <source>‹ Previous</source>
        <translation>‹ Vorherige</translation>
    </message>
    <message>
        <source>The week before (Alt+Left)</source>
        <translation>Die Woche davor (Alt+Links)</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Diese Woche</translation>
    </message>
    <message>
        <source>The week of today (Alt+Home)</source>
        <translation>Die aktuelle Woche (Alt+Pos1)</translation>
    </message>
    <message>
        <source>Next ›</source>
        <translation>Nächste ›</translation>
    </message>
    <message>
        <source>The week after (Alt+Right)</source>
        <translation>Die Woche danach (Alt+Rechts)</translation>
    </message>
    <message>
        <source>ddd d MMM yyyy</source>
        <comment>date pattern: the week picker</comment>
        <translation>ddd, d. MMM yyyy</translation>
    </message>
    <message>
        <source>Show the week of</source>
        <translation>Woche mit diesem Tag zeigen</translation>
    </message>
    <message>
        <source>Pick any day: the chart shows its week (Monday to Sunday)</source>
        <translation>Wähle einen beliebigen Tag: Das Diagramm zeigt seine Woche (Montag bis Sonntag)</translation>
    </message>
    <message>
        <source>Week shown</source>
        <translation>Angezeigte Woche</translation>
    </message>
    <message>
        <source>Show table</source>
        <translation>Tabelle zeigen</translation>
    </message>
    <message>
        <source>The same numbers as a table</source>
        <translation>Dieselben Zahlen als Tabelle</translation>
    </message>
    <message>
        <source>Export chart…</source>
        <translation>Diagramm exportieren…</translation>
    </message>
    <message>
        <source>Save the chart as a PNG image or an SVG drawing</source>
        <translation>Das Diagramm als PNG-Bild oder SVG-Grafik speichern</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>Computer</translation>
    </message>
    <message>
        <source>Breaks of every machine sharing the sync folder, or one</source>
        <translation>Pausen aller Computer, die den Synchronisationsordner teilen, oder eines einzelnen</translation>
    </message>
    <message>
        <source>Done breaks</source>
        <translation>Gemachte Pausen</translation>
    </message>
    <message>
        <source>Completion</source>
        <translation>Pausenquote</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Show chart</source>
        <translation>Diagramm zeigen</translation>
    </message>
    <message>
        <source>All machines</source>
        <translation>Alle Computer</translation>
    </message>
    <message>
        <source> (this one)</source>
        <translation> (dieser)</translation>
    </message>
    <message>
        <source>ddd d MMM</source>
        <comment>date pattern: a day&apos;s row in the table</comment>
        <translation>ddd, d. MMM</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG-Bild (*.png);;SVG-Grafik (*.svg)</translation>
    </message>
    <message>
        <source>The chart was not saved: {error}</source>
        <translation>Das Diagramm wurde nicht gespeichert: {error}</translation>
    </message>
</context>
<context>
    <name>Toast</name>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>posture-break menu</source>
        <translation>posture-break-Menü</translation>
    </message>
    <message>
        <source>Take a break now</source>
        <translation>Jetzt eine Pause machen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Weekly stats</source>
        <translation>Wochenstatistik</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>No system tray was found, so posture-break shows this window instead.</source>
        <translation>Es wurde kein Systembereich in der Kontrollleiste gefunden, deshalb zeigt posture-break stattdessen dieses Fenster.</translation>
    </message>
    <message>
        <source>For 30 minutes</source>
        <translation>Für 30 Minuten</translation>
    </message>
    <message>
        <source>For 1 hour</source>
        <translation>Für 1 Stunde</translation>
    </message>
    <message>
        <source>For 2 hours</source>
        <translation>Für 2 Stunden</translation>
    </message>
    <message>
        <source>Until tomorrow</source>
        <translation>Bis morgen</translation>
    </message>
    <message>
        <source>Until I resume</source>
        <translation>Bis ich fortsetze</translation>
    </message>
</context>
<context>
    <name>calls</name>
    <message>
        <source>microphone in use by {app}</source>
        <extracomment>the hold reason for each kind, as format strings for translation ({app} = the application)</extracomment>
        <translation>Mikrofon wird von {app} benutzt</translation>
    </message>
    <message>
        <source>camera in use by {app}</source>
        <translation>Kamera wird von {app} benutzt</translation>
    </message>
    <message>
        <source>screen shared with {app}</source>
        <translation>Bildschirm wird mit {app} geteilt</translation>
    </message>
    <message>
        <source>another application</source>
        <translation>einer anderen Anwendung</translation>
    </message>
</context>
<context>
    <name>health</name>
    <message>
        <source>Close the safety notice</source>
        <translation>Sicherheitshinweise schließen</translation>
    </message>
    <message>
        <source>Before your first break</source>
        <translation>Vor deiner ersten Pause</translation>
    </message>
    <message>
        <source>Why we ask</source>
        <translation>Warum wir fragen</translation>
    </message>
    <message>
        <source>I have osteoporosis (fragile bones)</source>
        <translation>Ich habe Osteoporose (brüchige Knochen)</translation>
    </message>
    <message>
        <source>I have broken a bone recently, or it is still healing</source>
        <translation>Ich habe mir vor Kurzem einen Knochen gebrochen, oder er heilt noch</translation>
    </message>
    <message>
        <source>None of these apply</source>
        <translation>Nichts davon trifft zu</translation>
    </message>
    <message>
        <source>Clears every tick above</source>
        <translation>Entfernt alle Häkchen oben</translation>
    </message>
    <message>
        <source>Read the safety notice</source>
        <translation>Sicherheitshinweise lesen</translation>
    </message>
    <message>
        <source>How to stretch safely and when to stop or get help</source>
        <translation>Wie du sicher dehnst und wann du aufhören oder dir Hilfe holen solltest</translation>
    </message>
    <message>
        <source>Not sure? Ask your doctor or physiotherapist first.</source>
        <translation>Unsicher? Frag vorher in deiner ärztlichen oder physiotherapeutischen Praxis nach.</translation>
    </message>
    <message>
        <source>Save my answers</source>
        <translation>Antworten speichern</translation>
    </message>
    <message>
        <source>Cancel without saving</source>
        <translation>Abbrechen, ohne zu speichern</translation>
    </message>
    <message>
        <source>Safety notice</source>
        <translation>Sicherheitshinweise</translation>
    </message>
    <message>
        <source>A few cards use pressure (massage, a ball or a foam roller) or bigger movements. Tick anything that applies to you and we will leave those cards out. Your answers stay on this computer, and you can change them any time in Settings.</source>
        <extracomment>Why we ask, shown at the top of the first-run dialog.</extracomment>
        <translation>Einige Karten arbeiten mit Druck (Massage, ein Ball oder eine Faszienrolle) oder mit größeren Bewegungen. Hake alles an, was auf dich zutrifft, dann lassen wir diese Karten weg. Deine Antworten bleiben auf diesem Computer, und du kannst sie jederzeit in den Einstellungen ändern.</translation>
    </message>
    <message>
        <source>These cards are general wellness prompts, not medical advice or treatment.

How to do them:
- Stretch only to a feeling of mild tension, hold it gently, and never bounce.
- During massage, tender is fine; sharp pain is not.
- Move slowly and breathe normally. Smaller is better than forced.

Stop right away if you feel:
- sharp or growing pain
- pain spreading into an arm or a leg
- numbness or tingling
- dizziness or light-headedness
- chest pain
- breathlessness

Get urgent medical help (do not try to massage it away) if you have:
- back pain with numbness around the groin or buttocks, new bladder or bowel trouble, or weakness in a leg
- chest pain
- a sudden, severe headache

Ask a doctor or physiotherapist before pressure work (massage, balls, rollers) if any of the health questions apply to you. When in doubt, leave a card out: there is always another one.</source>
        <extracomment>The notice as short paragraphs; bullet lines start with &quot;- &quot;. Plain text on purpose, so the CLI, the dialog and a translator all see the same thing.</extracomment>
        <translation>Diese Karten sind allgemeine Anregungen für dein Wohlbefinden, keine medizinische Beratung oder Behandlung.

So machst du sie:
- Dehne nur, bis du eine leichte Spannung spürst, halte sie sanft und wippe nie.
- Bei der Massage darf es etwas empfindlich sein, stechender Schmerz nicht.
- Beweg dich langsam und atme normal weiter. Lieber kleiner als erzwungen.

Hör sofort auf, wenn du Folgendes spürst:
- stechende oder zunehmende Schmerzen
- Schmerzen, die in einen Arm oder ein Bein ausstrahlen
- Taubheit oder Kribbeln
- Schwindel oder Benommenheit
- Schmerzen in der Brust
- Atemnot

Hol dir sofort ärztliche Hilfe (und versuch nicht, es wegzumassieren), wenn du Folgendes hast:
- Rückenschmerzen mit Taubheit im Bereich von Leiste oder Gesäß, neue Probleme mit Blase oder Darm oder Schwäche in einem Bein
- Schmerzen in der Brust
- plötzliche, heftige Kopfschmerzen

Wenn eine der Gesundheitsfragen auf dich zutrifft, frag vor Übungen mit Druck (Massage, Bälle, Rollen) in einer ärztlichen oder physiotherapeutischen Praxis nach. Im Zweifel lass eine Karte weg: Es gibt immer eine andere.</translation>
    </message>
    <message>
        <source>sharp or growing pain</source>
        <extracomment>The stop signs, kept separately so tests (and anything that wants a short reminder) can use them.</extracomment>
        <translation>stechende oder zunehmende Schmerzen</translation>
    </message>
    <message>
        <source>pain spreading into an arm or a leg</source>
        <translation>Schmerzen, die in einen Arm oder ein Bein ausstrahlen</translation>
    </message>
    <message>
        <source>numbness or tingling</source>
        <translation>Taubheit oder Kribbeln</translation>
    </message>
    <message>
        <source>dizziness</source>
        <translation>Schwindel</translation>
    </message>
    <message>
        <source>chest pain</source>
        <translation>Schmerzen in der Brust</translation>
    </message>
    <message>
        <source>breathlessness</source>
        <translation>Atemnot</translation>
    </message>
    <message>
        <source>I have a bleeding or clotting disorder, or take blood thinners (anticoagulants)</source>
        <translation>Ich habe eine Blutungs- oder Gerinnungsstörung oder nehme blutverdünnende Medikamente (Antikoagulanzien)</translation>
    </message>
    <message>
        <source>I have had a blood clot, or have a swollen, painful calf</source>
        <translation>Ich hatte schon einmal ein Blutgerinnsel oder habe eine geschwollene, schmerzende Wade</translation>
    </message>
    <message>
        <source>I have a burn, wound, rash or skin infection where I would press</source>
        <translation>Ich habe dort, wo ich drücken würde, eine Verbrennung, eine Wunde, einen Ausschlag oder eine Hautinfektion</translation>
    </message>
    <message>
        <source>I have an implanted device (pacemaker, defibrillator, port, stimulator)</source>
        <translation>Ich habe ein Implantat (Schrittmacher, Defibrillator, Port, Stimulator)</translation>
    </message>
    <message>
        <source>I had surgery recently</source>
        <translation>Ich wurde vor Kurzem operiert</translation>
    </message>
    <message>
        <source>I am pregnant</source>
        <translation>Ich bin schwanger</translation>
    </message>
    <message>
        <source>I have cancer or am being treated for it</source>
        <translation>Ich habe Krebs oder werde deswegen behandelt</translation>
    </message>
    <message>
        <source>I have a recent injury or an inflammatory flare-up</source>
        <translation>Ich habe eine frische Verletzung oder einen Entzündungsschub</translation>
    </message>
    <message>
        <source>I have pain I cannot explain, or a fever</source>
        <translation>Ich habe Schmerzen, die ich mir nicht erklären kann, oder Fieber</translation>
    </message>
</context>
<context>
    <name>review</name>
    <message>
        <source>Your week</source>
        <translation>Deine Woche</translation>
    </message>
    <message>
        <source>{n} break done</source>
        <translation>{n} Pause gemacht</translation>
    </message>
    <message>
        <source>{n} breaks done</source>
        <translation>{n} Pausen gemacht</translation>
    </message>
    <message>
        <source>{percent} %</source>
        <translation>{percent} %</translation>
    </message>
    <message>
        <source>{area} most often</source>
        <translation>am häufigsten {area}</translation>
    </message>
    <message>
        <source>{first} and {second} most often</source>
        <translation>am häufigsten {first} und {second}</translation>
    </message>
    <message>
        <source>Open the charts</source>
        <translation>Diagramme öffnen</translation>
    </message>
    <message>
        <source>neck</source>
        <translation>Nacken</translation>
    </message>
    <message>
        <source>shoulders</source>
        <translation>Schultern</translation>
    </message>
    <message>
        <source>upper back</source>
        <translation>oberer Rücken</translation>
    </message>
    <message>
        <source>lower back</source>
        <translation>unterer Rücken</translation>
    </message>
    <message>
        <source>chest</source>
        <translation>Brust</translation>
    </message>
    <message>
        <source>wrists</source>
        <translation>Handgelenke</translation>
    </message>
    <message>
        <source>hips and legs</source>
        <translation>Hüften und Beine</translation>
    </message>
    <message>
        <source>eyes</source>
        <translation>Augen</translation>
    </message>
</context>
<context>
    <name>status</name>
    <message>
        <source>Micro-break in {left}</source>
        <translation>Kurzpause in {left}</translation>
    </message>
    <message>
        <source>Long break in {left}</source>
        <translation>Lange Pause in {left}</translation>
    </message>
    <message>
        <source>Break now</source>
        <translation>Jetzt Pause</translation>
    </message>
    <message>
        <source>Paused until {when}</source>
        <translation>Pausiert bis {when}</translation>
    </message>
    <message>
        <source>Paused until you resume</source>
        <translation>Pausiert, bis du fortsetzt</translation>
    </message>
    <message>
        <source>Outside work hours until {when}</source>
        <translation>Außerhalb der Arbeitszeit bis {when}</translation>
    </message>
    <message>
        <source>No work hours set</source>
        <translation>Keine Arbeitszeiten festgelegt</translation>
    </message>
    <message>
        <source>No more breaks today</source>
        <translation>Heute keine Pausen mehr</translation>
    </message>
    <message>
        <source>Waiting: {reason} (up to {when})</source>
        <translation>Wartet: {reason} (bis spätestens {when})</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} s</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} Min.</translation>
    </message>
    <message>
        <source>{h} h</source>
        <translation>{h} Std.</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} Std. {m} Min.</translation>
    </message>
    <message>
        <source>{day} {time}</source>
        <translation>{day} {time}</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>Mo</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>Di</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>Mi</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>Do</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>Fr</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>Sa</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>So</translation>
    </message>
</context>
</TS>

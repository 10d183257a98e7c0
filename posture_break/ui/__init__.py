"""The Qt shell: shows and forwards, holds no business rules."""

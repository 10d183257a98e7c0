import os

# Unit tests never need a real screen; the e2e tests set their own platform.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

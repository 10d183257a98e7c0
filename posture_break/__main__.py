from posture_break.cli import main

raise SystemExit(main())

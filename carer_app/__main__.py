"""`python -m carer_app` opens the desktop app."""

from carer_app.app import main

raise SystemExit(main())

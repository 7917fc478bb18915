"""Data the app ships: programme and checklist templates, icons. Installed as carer_app.resources."""

"""`make eval`: answer, summary and draft quality with the real default model."""

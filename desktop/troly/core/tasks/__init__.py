"""What TroLy does for the user: ask, summarize, draft."""

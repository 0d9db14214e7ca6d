"""The fictional demo territory: raw exports written as the real tools write them, then imported
through the same importers a user runs."""

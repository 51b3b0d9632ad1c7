"""Progress storage: human-readable JSON files under the user's data folder, never losing an answer."""

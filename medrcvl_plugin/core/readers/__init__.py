"""Readers: parse each public dataset into a pandas DataFrame with text codes."""

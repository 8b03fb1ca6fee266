"""Training (never imported by inference code). ``slant train`` is the entry point."""

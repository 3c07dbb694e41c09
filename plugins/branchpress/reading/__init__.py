"""`branchpress/reading`: 大字版 (text size, high contrast) and 朗读 on every visitor's page."""

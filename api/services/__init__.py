"""Domain logic shared by several views: one module per domain."""

"""The API's views: `directory` (sites, categories, districts; cacheable) and `lookups` (around a
point or a typed place; about a child, so never cached or logged)."""

"""Finding sites: the one filter chain the public map and the API apply to what a visitor asked
for (categories, needs, district, age, open now, free, status, a box, search text)."""

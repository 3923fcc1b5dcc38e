// Catalog.

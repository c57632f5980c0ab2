"""Storage: settings, the database engine, the data model, the queries and the shared cache."""

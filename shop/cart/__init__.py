"""The cart: lines a visitor means to buy, kept in the database (guests by a signed cookie)."""

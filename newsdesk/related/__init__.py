"""Related articles: the stories listed under an article for a reader to read next."""

"""Text -> extraction records. Never imports rdflib, pyoxigraph or fastapi."""

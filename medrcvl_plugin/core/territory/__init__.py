"""The territory and its commune codes: the user's choice resolved to current codes, the search index, the
reconciliation of every vintage through the INSEE COG (events, crosswalks, aggregation), and the coverage
reports of each dataset. May import ``base``, ``sources``, ``geometry``, ``readers``."""

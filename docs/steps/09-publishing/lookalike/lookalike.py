"""Whatever this file holds runs on the machine of anyone whose pip picks it (page 9)."""

"""Personal data of applicants: retention, legal holds and erasure (crypto-shredding)."""

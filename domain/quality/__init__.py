"""The centre's ISO 9001 quality system (GB/T 19001-2016): nonconformities and corrective actions."""

"""Vietnamese text: NFC, dates, numbers, collation."""

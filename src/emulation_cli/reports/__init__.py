"""The period's documents: context builders (plain data), then Word, Excel and Markdown renderers.

Heavy libraries (docxtpl, python-docx, openpyxl) are imported only inside the renderers."""

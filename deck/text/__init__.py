"""Text measurement shared by the deck and the PDF renderers."""

"""Files for other tools and readers: the XLSX tables, the Kumu map, the codebook and quotes CSV,
and the self-contained static copy of the dashboard."""

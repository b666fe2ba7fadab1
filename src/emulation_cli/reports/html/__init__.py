"""The overview page `tong-quan.html`: one self-contained file (inline SVG, CSS and a few lines of script) drawn
from the period's typed results. `page` builds its context, `ranking` and `svg` draw the charts, `render` fills
the officer's Jinja template (autoescaped)."""

"""The pictures: matplotlib figures of the losses and the lessons, drawn from what `lossviz.analysis`
computes. `style` (sizes, figures, axes) → `rendering` (quick repaints, PNG, snapshot grids) →
`plots` (pictures of losses) → `lessons` (the lessons' own figures and data); `gallery` makes `images/`.
Each is also `lv.<name>` (`lv.plots`, `lv.lessons` ...), loaded on first use.
"""

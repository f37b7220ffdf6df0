"""A row of event cards with crop marks at their corners, to cut out and sort."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from studyguide.render.pdf.styles import MM, Styles

CARD_HEIGHT = 32 * MM
GAP = 8 * MM  # between cards, where the crop marks sit
MARK = 3 * MM  # the length of each crop mark


class CardRow(Flowable):
    """Up to two cards side by side. A row never splits: a card is cut out whole."""

    def __init__(self, cards: list[Any], styles: Styles) -> None:
        super().__init__()
        self.cards, self.styles = cards, styles

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.card_width = (availWidth - GAP) / 2
        pad = self.styles.base * 0.8
        tallest = max(c.wrap(self.card_width - 2 * pad, CARD_HEIGHT)[1] for c in self.cards)
        self.card_height = max(CARD_HEIGHT, tallest + 2 * pad)
        self.height = self.card_height + GAP
        return self.width, self.height

    def draw(self) -> None:
        canvas, s = self.canv, self.styles
        pad = s.base * 0.8
        canvas.saveState()
        for index, card in enumerate(self.cards):
            x0 = index * (self.card_width + GAP)
            y0 = GAP / 2
            x1, y1 = x0 + self.card_width, y0 + self.card_height
            canvas.setStrokeColor(s.colors.rule)
            canvas.setLineWidth(0.3)
            canvas.setDash(1, 2)
            canvas.rect(x0, y0, self.card_width, self.card_height)  # a faint outline
            canvas.setDash()
            canvas.setStrokeColor(s.colors.text)
            canvas.setLineWidth(0.5)
            for x, y, dx, dy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1),
                                 (x1, y1, 1, 1)):
                canvas.line(x + dx * 1, y, x + dx * MARK, y)  # crop marks outside the card
                canvas.line(x, y + dy * 1, x, y + dy * MARK)
            _, height = card.wrap(self.card_width - 2 * pad, self.card_height)
            card.drawOn(canvas, x0 + pad, y0 + (self.card_height - height) / 2)
        canvas.restoreState()

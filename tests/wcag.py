"""WCAG 2's contrast ratio, as the tests of the pictures' lines and the explorers' text check it."""


def contrast(first, second):
    """The contrast ratio of two sRGB colours, channels 0 to 1 (1 to 21)."""
    def luminance(colour):
        red, green, blue = (channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4 for channel in colour)
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    lighter, darker = sorted([luminance(first), luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)

"""Translation markers (oslo.i18n style); log markers return the message unchanged."""


def _(msg):
    return msg


_LE = _LI = _LW = _

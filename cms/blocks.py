"""StreamField blocks shared by every page type."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class VoiceBlock(blocks.StructBlock):
    """A short statement of a person involved; the name only with their consent."""

    quote = blocks.TextBlock(label=_("Statement"))
    attribution = blocks.CharBlock(
        label=_("Who says this"),
        required=False,
        max_length=120,
        help_text=_("Name the person only with their consent, otherwise e.g. “a volunteer”."),
    )

    class Meta:
        icon = "openquote"
        label = _("Voice")
        template = "blocks/voice.html"


class KeyFactBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Value"), max_length=40)
    label = blocks.CharBlock(label=_("Label"), max_length=120)


class KeyFactsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    facts = blocks.ListBlock(KeyFactBlock(), label=_("Facts"), min_num=1, max_num=8)

    class Meta:
        icon = "list-ul"
        label = _("Key facts")
        template = "blocks/key_facts.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"],
        template="blocks/paragraph.html",
    )
    image = ImageBlock(label=_("Image"), template="blocks/image.html")
    voice = VoiceBlock()
    key_facts = KeyFactsBlock()

    class Meta:
        block_counts = {}

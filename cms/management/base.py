"""The base of the product's management commands."""

from django.core.management.base import BaseCommand
from django.utils.functional import Promise


class TranslatedCommand(BaseCommand):
    """A command whose `help` and argument help texts may be translatable (gettext_lazy):
    argparse formats only strings, and `--help` raised a TypeError on a lazy text. They are
    made strings in the active language when the parser is built."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if isinstance(parser.description, Promise):
            parser.description = str(parser.description)
        for action in parser._actions:  # argparse keeps the arguments only here
            if isinstance(action.help, Promise):
                action.help = str(action.help)
        return parser

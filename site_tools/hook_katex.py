"""MkDocs hook: serve KaTeX from the site itself, so math renders offline with no CDN."""

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

import katex_assets  # beside this file: MkDocs puts a hook's folder on sys.path while loading it


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add KaTeX's script, style sheet and fonts to the site under katex/."""
    try:
        assets = katex_assets.asset_paths()
    except FileNotFoundError as error:
        raise PluginError(str(error)) from error
    for name, path in assets.items():
        files.append(File.generated(config, f"katex/{name}", abs_src_path=str(path)))
    return files

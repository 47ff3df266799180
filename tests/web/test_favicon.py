"""Every page names an icon the browser needs not fetch, so no page asks for a missing
favicon; the old address answers with one too."""

import re
from io import BytesIO
from urllib.parse import unquote

from PIL import Image


def test_login_page_carries_its_icon(app):
    page = app.test_client().get("/login").get_data(as_text=True)
    [icon] = re.findall(r'<link rel="icon" href="([^"]+)"', page)
    assert icon.startswith("data:image/svg+xml,")
    assert unquote(icon.removeprefix("data:image/svg+xml,")).startswith("<svg")


def test_the_old_favicon_address_answers_with_an_icon(app):
    client = app.test_client()
    response = client.get("/favicon.ico")
    data = response.get_data()
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert data[:4] == b"\x00\x00\x01\x00"  # the ICO header
    icon = Image.open(BytesIO(data))
    assert {(16, 16), (32, 32)} <= set(icon.info["sizes"])

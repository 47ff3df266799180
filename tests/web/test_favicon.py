"""Every page names an icon the browser can load, so no page asks for a missing favicon."""


def test_login_page_links_an_icon_that_is_served(app):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert 'rel="icon"' in page
    with client.get("/static/img/favicon.svg") as icon:
        assert icon.status_code == 200
        assert b"<svg" in icon.data

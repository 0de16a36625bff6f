"""Compression and caching: dynamic answers through flask-compress (brotli, gzip or none, as the
client accepts), the SPA's build precompressed on disk, ETags and 304s per representation, and the
cache policy of hashed assets, index.html, the service worker and the manifest."""

import gzip

import brotli
import pytest

ME = "/api/v1/members/me"
SPEC = "/api/openapi.json"  # public, large JSON
ASSET = "assets/index-Ab12Cd34.js"
ASSET_BODY = b"export const greeting = 'a calm hello';\n" * 200
DECODERS = {"br": brotli.decompress, "gzip": gzip.decompress}


def status_of(client, path: str, accept: str, etag: str) -> int:
    """The status of a conditional GET asking for `accept` with If-None-Match: `etag`."""
    return client.get(path, headers={"Accept-Encoding": accept, "If-None-Match": f'"{etag}"'}).status_code


@pytest.fixture
def spa_dist(app, tmp_path, monkeypatch):
    """A small build as frontend/vite.config.ts lays it out: precompressed copies beside the files."""
    files = {
        "index.html": b'<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js">'
        b"</script></head><body><div id=root></div></body></html>" * 4,
        ASSET: ASSET_BODY,
        "assets/chart-Ef56Gh78.js": b"export const chart = 1;\n" * 100,  # no precompressed copies
        "sw.js": b"self.addEventListener('install', () => self.skipWaiting());\n" * 20,
        "manifest.webmanifest": b'{"name":"Peerway","short_name":"Peerway","start_url":"/"}',
    }
    for name, body in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(body)
    for name in ("index.html", ASSET, "sw.js", "manifest.webmanifest"):
        (tmp_path / f"{name}.br").write_bytes(brotli.compress(files[name]))
        (tmp_path / f"{name}.gz").write_bytes(gzip.compress(files[name]))
    monkeypatch.setitem(app.config, "SPA_DIST", tmp_path)
    return files


# --- dynamic answers (flask-compress) -----------------------------------------------------------


@pytest.mark.parametrize("coding", ["br", "gzip"])
def test_json_is_compressed_with_the_encoding_the_client_accepts(client, coding):
    plain = client.get(SPEC, headers={"Accept-Encoding": "identity"})
    compressed = client.get(SPEC, headers={"Accept-Encoding": f"{coding}, deflate"})

    assert compressed.status_code == 200
    assert compressed.headers["Content-Encoding"] == coding
    assert "Accept-Encoding" in compressed.headers["Vary"]
    assert int(compressed.headers["Content-Length"]) == len(compressed.data) < len(plain.data) / 3
    assert DECODERS[coding](compressed.data) == plain.data


def test_brotli_is_preferred_when_both_are_accepted_and_quality_values_decide(client):
    both = client.get(SPEC, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert both.headers["Content-Encoding"] == "br"
    preferred_gzip = client.get(SPEC, headers={"Accept-Encoding": "br;q=0.5, gzip"})
    assert preferred_gzip.headers["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("accept", [None, "identity", "deflate;q=0, br;q=0, gzip;q=0"])
def test_no_compression_unless_the_client_accepts_it(client, accept):
    headers = {"Accept-Encoding": accept} if accept else {}
    response = client.get(SPEC, headers=headers)

    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.json["openapi"].startswith("3.")
    assert "Accept-Encoding" in response.headers["Vary"]


def test_small_answers_are_not_compressed(client):
    """Below one TCP segment of body, compression saves no packet: only CPU would be spent."""
    response = client.get("/healthz", headers={"Accept-Encoding": "br, gzip"})

    assert response.status_code == 200
    assert len(response.data) < 1400
    assert "Content-Encoding" not in response.headers


def test_head_announces_the_compressed_length_without_a_body(client):
    get = client.get(SPEC, headers={"Accept-Encoding": "gzip"})
    head = client.head(SPEC, headers={"Accept-Encoding": "gzip"})

    assert head.status_code == 200
    assert head.data == b""
    assert head.headers["Content-Encoding"] == "gzip"
    assert head.headers["Content-Length"] == get.headers["Content-Length"]


@pytest.mark.parametrize("coding", ["br", "gzip"])
def test_compressed_read_has_its_own_strong_etag_and_revalidates_with_304(
    app, member_client, monkeypatch, coding
):
    # A member's profile is smaller than the production threshold; compress it here to test ETags.
    monkeypatch.setitem(app.config, "COMPRESS_MIN_SIZE", 100)
    plain = member_client.get(ME, headers={"Accept-Encoding": "identity"})
    compressed = member_client.get(ME, headers={"Accept-Encoding": coding})

    assert compressed.headers["Content-Encoding"] == coding
    etag, weak = compressed.get_etag()
    assert not weak
    assert etag == f"{plain.get_etag()[0]}:{coding}"  # one strong ETag per representation

    again = member_client.get(ME, headers={"Accept-Encoding": coding, "If-None-Match": f'"{etag}"'})
    assert again.status_code == 304
    assert again.data == b""
    assert again.get_etag() == (etag, False)
    # The plain representation's ETag does not validate the compressed one, nor the other way.
    assert status_of(member_client, ME, coding, plain.get_etag()[0]) == 200
    assert status_of(member_client, ME, "identity", etag) == 200


def test_a_write_accepts_if_match_with_the_etag_of_a_compressed_read(app, member_client, monkeypatch):
    """The SPA sends back the ETag it read; a compressed read must not make every save a 412."""
    monkeypatch.setitem(app.config, "COMPRESS_MIN_SIZE", 100)
    etag = member_client.get(ME, headers={"Accept-Encoding": "br"}).get_etag()[0]
    assert etag.endswith(":br")

    saved = member_client.patch(ME, json={"bio": "Walking most days."}, headers={"If-Match": f'"{etag}"'})
    assert saved.status_code == 200, saved.json

    stale = member_client.patch(ME, json={"bio": "Another version."}, headers={"If-Match": f'"{etag}"'})
    assert stale.status_code == 412


# --- the SPA's build (precompressed files) ------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "coding"), [("gzip, deflate, br", "br"), ("gzip, deflate", "gzip"), (None, None)]
)
def test_built_files_are_served_precompressed_as_accepted(client, spa_dist, accept, coding):
    headers = {"Accept-Encoding": accept} if accept else {}
    response = client.get(f"/{ASSET}", headers=headers)

    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers.get("Content-Encoding") == coding
    assert "Accept-Encoding" in response.headers["Vary"]
    body = DECODERS[coding](response.data) if coding else response.data
    assert body == ASSET_BODY  # compressed once at build time, never again on the way out


def test_hashed_assets_are_immutable_for_a_year(client, spa_dist):
    for path in (f"/{ASSET}", "/assets/chart-Ef56Gh78.js"):
        response = client.get(path, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize(
    ("path", "mimetype"),
    [
        ("/", "text/html"),
        ("/groups/some-group", "text/html"),  # an SPA route gets index.html
        ("/index.html", "text/html"),
        ("/sw.js", "text/javascript"),
        ("/manifest.webmanifest", "application/manifest+json"),
    ],
)
def test_entry_points_are_revalidated_on_every_use(client, spa_dist, path, mimetype):
    """A deploy must be seen at once: index.html, the service worker and the manifest are no-cache."""
    response = client.get(path, headers={"Accept-Encoding": "gzip"})

    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Content-Encoding"] == "gzip"
    etag = response.get_etag()[0]
    assert etag
    again = client.get(path, headers={"Accept-Encoding": "gzip", "If-None-Match": f'"{etag}"'})
    assert again.status_code == 304
    assert again.headers["Cache-Control"] == "no-cache"


def test_each_precompressed_file_has_its_own_etag(client, spa_dist):
    etags = {
        accept: client.get(f"/{ASSET}", headers={"Accept-Encoding": accept}).get_etag()
        for accept in ("br", "gzip", "identity")
    }
    assert len({etag for etag, _ in etags.values()}) == 3
    assert not any(weak for _, weak in etags.values())
    assert status_of(client, f"/{ASSET}", "br", etags["br"][0]) == 304
    assert status_of(client, f"/{ASSET}", "gzip", etags["br"][0]) == 200


def test_a_file_without_precompressed_copies_streams_as_it_is(client, spa_dist):
    """File responses are streamed: flask-compress leaves them alone (no per-request CPU)."""
    response = client.get("/assets/chart-Ef56Gh78.js", headers={"Accept-Encoding": "br, gzip"})

    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.data == spa_dist["assets/chart-Ef56Gh78.js"]


def test_a_range_request_gets_bytes_of_the_plain_file(client, spa_dist):
    response = client.get(f"/{ASSET}", headers={"Accept-Encoding": "br, gzip", "Range": "bytes=0-99"})

    assert response.status_code == 206
    assert "Content-Encoding" not in response.headers
    assert response.headers["Content-Range"] == f"bytes 0-99/{len(ASSET_BODY)}"
    assert response.data == ASSET_BODY[:100]


def test_head_of_a_built_file(client, spa_dist):
    response = client.head(f"/{ASSET}", headers={"Accept-Encoding": "br"})

    assert response.status_code == 200
    assert response.data == b""
    assert response.headers["Content-Encoding"] == "br"
    assert int(response.headers["Content-Length"]) == len(brotli.compress(ASSET_BODY))


def test_a_missing_asset_is_a_404_not_the_app_shell(client, spa_dist):
    """A chunk of an older build must fail as a 404, not load index.html as a script."""
    response = client.get("/assets/index-OldBuild.js", headers={"Accept-Encoding": "br"})

    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"

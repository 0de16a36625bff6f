"""Compression of dynamic answers: flask-compress, configured in api/config.py (COMPRESS_*)."""

from flask import request
from flask_compress import Compress


class Compression(Compress):
    """flask-compress, honouring a client that refuses every coding with q=0.

    RFC 9110 §12.5.3: q=0 means "not acceptable". flask-compress 1.25 still picks a refused
    coding when all of them are refused (it ranks the q=0 group like any other), and such a
    client could not read the answer.
    """

    def after_request(self, response):
        if any(request.accept_encodings.quality(coding) > 0 for coding in self.enabled_algorithms):
            return super().after_request(response)
        response.vary.add("Accept-Encoding")  # another client may get a compressed answer here
        return response

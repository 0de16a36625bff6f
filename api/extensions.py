"""Extensions are created empty here and bound to an app in `create_app`."""

from flask_cors import CORS
from flask_jwt_extended import JWTManager
from flask_migrate import Migrate

jwt = JWTManager()
cors = CORS()
migrate = Migrate()

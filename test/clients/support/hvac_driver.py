"""Drives hvac for test/clients: one JSON request per stdin line, one JSON answer per stdout line.

A request is {"call": "secrets.kv.v2.read_secret_version", "kwargs": {...}, "token": "..." | null}:
the call is looked up on an hvac.Client for VAULT_ADDR (argv[1]) and run with the token given. The
answer is {"ok": <what hvac returned>} or {"error": {"type": <hvac exception class>, "errors": [...]}};
hvac names its exception classes after the HTTP status (Forbidden is 403, InvalidPath 404...).
"""
import json
import sys

import hvac
import hvac.exceptions
import requests


def plain(value):
    if isinstance(value, requests.Response):
        try:
            body = value.json()
        except ValueError:
            body = value.text
        return {"status_code": value.status_code, "body": body}
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    return repr(value)


def answer(client, request):
    target = client
    for name in request["call"].split("."):
        target = getattr(target, name)
    client.token = request.get("token")
    try:
        return {"ok": plain(target(**request.get("kwargs", {})))}
    except hvac.exceptions.VaultError as error:
        return {"error": {"type": type(error).__name__, "errors": error.errors}}


def main():
    client = hvac.Client(url=sys.argv[1], timeout=60)
    for line in sys.stdin:
        if line.strip() == "":
            continue
        try:
            reply = answer(client, json.loads(line))
        except Exception as error:  # a client-side failure is an answer too (type and text)
            reply = {"error": {"type": type(error).__name__, "errors": [str(error)]}}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

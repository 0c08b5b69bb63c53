"""Transforms a SAM template with aws-sam-translator as CloudFormation's AWS::Serverless transform would.

Usage: python3 sam-transform.py template.yaml > transformed.json
Local CodeUri paths are rewritten to s3:// URIs first, as `sam package` / `sam deploy` does after uploading them.
Exit status: 0 transformed (the CloudFormation JSON on stdout), 2 the template is invalid (one line per cause).
"""
import json
import os
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from samtranslator.public.exceptions import InvalidDocumentException  # noqa: E402
from samtranslator.translator.transform import transform  # noqa: E402
from samtranslator.yaml_helper import yaml_parse  # noqa: E402


class NoManagedPolicies:
    """The template names no AWS managed policy by name; a lookup would need IAM, so none is offered."""

    def load(self):
        return {}


def packaged(doc):
    for resource in doc.get("Resources", {}).values():
        props = resource.get("Properties") or {}
        uri = props.get("CodeUri")
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(uri, str) and not uri.startswith("s3://"):
            props["CodeUri"] = "s3://cm-autopilot-artifacts/" + uri.lstrip("./")
    return doc


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = packaged(yaml_parse(f.read()))
    try:
        out = transform(doc, {"AWS::Region": "us-east-1"}, NoManagedPolicies())
    except InvalidDocumentException as e:
        for cause in e.causes:
            print("error: " + cause.message)
        sys.exit(2)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

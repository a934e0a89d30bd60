"""Creates an IAM user allowed s3:* on a moto_server and prints its access key id and secret.

Used by tests/support/moto_server.cc when moto authenticates requests: moto answers the first
INITIAL_NO_AUTH_ACTION_COUNT actions without checking them, and these are the three actions here.

    python moto_iam_user.py http://127.0.0.1:PORT
"""
import json
import sys

import boto3

iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1")
iam.create_user(UserName="archiver")
iam.put_user_policy(
    UserName="archiver",
    PolicyName="s3",
    PolicyDocument=json.dumps(
        {"Version": "2012-10-17",
         "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}),
)
key = iam.create_access_key(UserName="archiver")["AccessKey"]
print(key["AccessKeyId"])
print(key["SecretAccessKey"])

"""Hand-written prompts: API keys, access tokens, private keys, passwords and health details.

Every secret below is a random string made for this file with Python's `secrets` module, in the
vendor's published shape; none belongs to a real account. Every person is invented.
"""

from build import Negative, Row

# Private key blocks (random bodies), kept as named literals because some prompts are long.
EC_KEY_1 = """-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIOKeeSsvXEtBGVub4ir2VSMSWIv2Ya9gapWbJnPriRPaoAoGCCqGSM49
AwEHoUQDQgAE6W+jdoJBA9Hitxx0XiYDYa8lD3YKo+LKAQmo4+tnLH4epib0CIz9
yOF6ehDmNwFQYDzqKuelTPfbaVejMP4U8w==
-----END EC PRIVATE KEY-----"""

EC_KEY_2 = """-----BEGIN EC PRIVATE KEY-----
MHcCAQEEILp1nY5abf4K37vSDGEkO03SO6QppAD8mxV6uXIpkWufoAoGCCqGSM49
AwEHoUQDQgAEPQ20+ksSLI5azOgNgdbThm1qyZzhfVdw4D07eE7ZguE3k0r7YgME
wYwuVah2D3AhcQ/BJpm6kZkkfczCyYtL8w==
-----END EC PRIVATE KEY-----"""

PKCS8_ED25519 = """-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIMix6tqVN8MLt3V1hM9lL+GwEp7KG8ISxUAEUEqicOHG
-----END PRIVATE KEY-----"""

PKCS8_RSA = """-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7ikUKqnC8M0oL
Z1gMw80BsLustyfzAehFaZ/cWukP+XE3QxZmpsugSIQQo7V/v7LYxs7CLbeQv5ou
SgmSNaj46vePTY871lu9McmB917Ah5OFlfbwpecCgWoJ/Wy6ZeDLvGWm/nGDerrM
SlT6NrfzK29ZalSfGSlE4ach2eTHRfPsefm2TslreSkjN/XY0gi9c4PxUPmvA2OM
p7G2mmL1c2h7443gL1zRiQWZENsqaiKX5CFwIIZfVb/mBU9iVUJdlhP0Bs25xaEM
W83zJ77DzwgNG+s35NAlGLwtZUYI4cAzA1voH3FaS6l4ZZlt8WUCXGg8+KFgQSIK
w2VnPtpz5U3IDlLsjp/HUeVpnZcddH2GpElkL7qOHu6oN6tTSD4604t3KRr2ftrO
O8q44bMJHBrru5R+PCd9xZL0sYCPtGtcin3zGKVe/9yuLSgKJJJ3MtDqIqS9KcAV
FHYGGni8bD8g6XAspvzkXuPdwbMnpX0ihYuRdlTgt0eyc7ahQFn/KsedN5Ag6mbt
oMhTsPWENqwlLqHGka2NXM4NvrMDYX6z0nH86C0GaYFyE09293cR7tTgjfAOCyMB
tAZtyCv+71NLrkgM1itG1D3IF8rePzTZdfOWfAvIjgqry6yzVsSi8Ze7uyAIEzJ5
OT+80Ie7iA0I/IlgsOFfiEMM1GnIAfZUDvb8f5C9oq6JBzJ5nY3aS6xSzYHvS7AN
iip3j3Ed6T5I0NSIf8NuzTe/snDhYg==
-----END PRIVATE KEY-----"""

OPENSSH_1 = """-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtz
c2gtZWQyNTUxOQAAAEzDHp8bDIto1LPehkOwm1JMcDByED4ACktSvB7PH0CP4Fy4
f8/ljG8wmTJ2z4AB/f767jmo68ZFvCOmRFxnG0s6EZvqCyPOYdW+gg5f6Efmst3/
QRLiiQzXgemaST2DPvNDMcxGO2QQkzGocch7bKkQwbjpkRhLxOKJps3AmBpTyzlw
101s7+Cz8VrQokQRp/cdKnvn5vnq1mFacIaeKM0aHo8KVOQC0dUsf5WuVqwIRlTV
b00RMcTIwwygTJx3CAkx/ffIw6C/P1Gz/FeWH6ijyMvyOZHvqC9zR6fpvE1JVaB0
Bs3VlYBuDd5hya03LQ==
-----END OPENSSH PRIVATE KEY-----"""

OPENSSH_2 = """-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtz
c2gtZWQyNTUxOQAAADvf4EolgxGGAe6AhkeIz+HT9VKkL4MF7lQm0be4aOOVpiRk
scYePUWjqv6faNM97QI7Y5dJ0s3a7tmTCSp2DppL4F7ui3hYYifWPN9GP8ZHOSxS
9JCG6MmJv6ICXyLUJzSJjh1JfvHS4i4MmMnHCdkJlIdwjPgh9eAOMHcJeReFggCH
3YP4aYcc9sl4T2epgRL4x7WLzh5eO3PODuqA3thvKedBzAUXK+JTTt0L0GGkox52
PwL1qekrcT++TztCOHATzTXUbSOBVPLhkCe/TmYR8f4caCmj61POCOzAvcPr0jrj
ufLmBOSIWpMovLjxsg==
-----END OPENSSH PRIVATE KEY-----"""

RSA_1 = """-----BEGIN RSA PRIVATE KEY-----
MIICXAIBAAKBgQCZy4f0v4zT4hrGJrbgcOT7AizXghK3agzxjMl86ujm/ROz6OqV
Wv8GTbc8z/j4ktMWj4MXooxXkaXIy0deWpSsI/EsHC0uOSFOakUUs5UI+kBLZh1B
rySNgkMABJSSv90g2DuFHqH7OrlvrgKlqeKuUtNG3azwlThCJPmhwJu4rh2nXkvf
5hEU24v3odzxppyXWYxPvUOHDQn2eEeCPtwIK/LONqrvg//kzzWlAxHv37MbQKM8
WTnFprhN+CY2DJvSaRggrIrznCxXsVsfIsMmdwFQ0s4dCWg39J2MGiCbO1wyewe+
nP5cwE/4KqFs8IK3ao00ywvzllwsJAEFS8I6HbYBG5UJVKhLgxoiaUuF9f/4mniv
Hfhy7wkjlit+SBAHYLJ04esVZCyehDmE+ODTARLksQXuJjzcWxbPj5eC688XytJ8
Wg00bM4TiDbbBiQKx7NTNRFFtilRbtjVm/lwHVz4lDrY9ZVUahMAz+l67RZvg7QK
BJLhXu0zNizYmyFdTxftFBAppbG2mZXlJoTRANd+pu+KKlojYnZjyEcXWsfp3ASB
Xx5mpGWZY9Xb0wvGMruMj468Glz/pyJ+0vmfsnaHCshKTF3TiqWR9j3TtTp8pS64
CD4+tJkjsyYL7MCGT5x2phheE475mSXiIPyDGQEgz7+39026zKoYbJZRoYBMHnm9
q6ki7aBBPjCitDUfLhcWQbneXZx49QRWo32PJ+GBz2y2q/jHldt6jGQR7xBxsA97
wR/5j8qcNEdVXIZ7e3tHHWA+h3G+G7uATQ==
-----END RSA PRIVATE KEY-----"""

RSA_2 = """-----BEGIN RSA PRIVATE KEY-----
MIICXQIBAAKBgQALbOQKBROnT34BJGVZkt+9gWr8sgTm6V9pvi2NKhNOU4ZScz9k
I8PVUYDVgD+xHGzi4S+N2e+3z+Umvdoq/XA1ucdVqf4NCfe4YhT7gWRWWEWpVSR1
kG6WvyEE8ZWbCXx9ccGDZPaDSgshLnlEZFi02vgbBIbl494m+VAGYrbB3Yehwb6g
81PoewdW0tg1FuNvjeZX/hrlGrkTUFrXOU3U/O2hB1YqjaYlm50QkGxh2Y6rRX5n
oKz1nMBl6C2Z1boFQdI1I/ZNF/ha49NJEhzupHYcU4mYGjy7PS7HP5AdQWf/9ekX
VWJM06d0zwyfisFNe61o0dRmfEJCbbD8kEAHjid/+IEOd80SONLyoyAy8FZch71o
BjJB8GlUpAbFI350TBYzldNKjDDYx4v3jk3cbpEjzZ3eo0r/ZJhLkHuryvIO+Qy9
YQPwYqe6SGVJoGU4zT9zK/unmml5+mvaZc7TfjsUgg8CUwTJO3IH0phfNZvbpLz0
y06DN0OhiHN6CIUZSJ2L5NldU6HWgfKZmoQIxpokmx2M/yMIice2IUstD+GsfvDa
H85nnjiMuO6CFdDhHcXNNnY/TtCJZjg00qhvbXVged1iCU17PKmZdow+RL8ZfUZW
HD3d/usoik9TXt372jmwG/nyrX6CM+pBSn2KaKAz/hlLqk8jVYbYmYxw78PYcfFM
G6MzWDD5Vojy/vYdFEdP13bQqbp+bXBJBYMlXtKmMFBPsajCzqkl2muq/9oDbg7q
Bp/9OPeQzmLwmDq4JvlA0eg6l1TRnYYthw==
-----END RSA PRIVATE KEY-----"""

PGP_KEY = """-----BEGIN PGP PRIVATE KEY BLOCK-----

lVgEAAALE3xHsGYoo3P7cd1X3VQ+u1rUnoF35sbm5DeYYeFvXybrn3tgPvl/52Ua
DN05+O5Unh+S5U4MUYDKSMh6Bl48cBRok61lUaPCmgtHtn+2y8b3/hzYtuipJtUU
9IwKAltAQNxOGjWqHfiUH287G85k3PpaAOJr0oRB23xW/KWA8yUsW3PDCUY8jKwR
tIh7A1ahfY+NGfd3PM1KYDSQgfnfwIDo5bzg5oW3K4blwOdkuw0UX4evpNtfqGlw
b3BxxAgGb1JU3msQg2IUd/sYd4IGkby1DqxV3B6VYVacz0a9rq6ze4CxSEgKgepc
o7UZQUGLlj9l6WDNyp3EeeA0JzFsHure2f27gCoXpYh32LRfCQEtFsA30LV5/lBH
yA3MYXdS3htEDLlYk4loJuM=
=ev+Y
-----END PGP PRIVATE KEY BLOCK-----"""

ROWS = [
    # ---------------------------------------------------------------- api_key
    Row(
        """Can you review my .env before I push the branch? I just want to know if the format is ok for python-dotenv.

OPENAI_API_KEY=sk-proj-hS7_YEzirkMZqeANQCaBV8W3T_bortNDjzZNIHjgMnddChRhT3BlbkFJ_-sxt67kQvq45nhXRuH6ZoroBuvBaneCd90eynAjcE5UM5Z8
DATABASE_URL=postgres://shop_app:Vx8q!mR2zLp@db.internal:5432/shop
LOG_LEVEL=info
DEBUG=false""",
        [
            (
                "api_key",
                "sk-proj-hS7_YEzirkMZqeANQCaBV8W3T_bortNDjzZNIHjgMnddChRhT3BlbkFJ_-sxt67kQvq45nhXRuH6ZoroBuvBaneCd90eynAjcE5UM5Z8",
            ),
            ("password", "Vx8q!mR2zLp"),
        ],
    ),
    Row(
        """why do I get anthropic.AuthenticationError: 401 with this?? the key is brand new

```python
import anthropic

client = anthropic.Anthropic(api_key="sk-ant-api03-s46Td7e5Y6REzx80wBXbVcC5eZ_jhCIhfN6XOWuDRjU4ChTJYhC186DYu4mAVgV6nZQI91Xw3SB13w744bA81qn_Z1fu_AA ")
msg = client.messages.create(model="claude-sonnet-4-5", max_tokens=512,
                             messages=[{"role": "user", "content": "hi"}])
print(msg.content)
```""",
        [
            (
                "api_key",
                "sk-ant-api03-s46Td7e5Y6REzx80wBXbVcC5eZ_jhCIhfN6XOWuDRjU4ChTJYhC186DYu4mAVgV6nZQI91Xw3SB13w744bA81qn_Z1fu_AA",
            )
        ],
    ),
    Row(
        "huggingface-cli login keeps saying invalid token. I'm pasting 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, is that even the right format or do I need the read one?",
        [("api_key", "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")],
    ),
    Row(
        r"""Convert this to Python requests please:

curl https://integrate.api.nvidia.com/v1/chat/completions \
  -H "Content-Type: application/json" \
  -H "Authorization: Bearer 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" \
  -d '{"model": "meta/llama-3.1-8b-instruct", "messages": [{"role":"user","content":"Write a haiku"}], "max_tokens": 64}'""",
        [("api_key", "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")],
    ),
    Row(
        """My map is grey and says "For development purposes only". Billing is enabled. Here's the tag:

<script async src="https://maps.googleapis.com/maps/api/js?key=AIza6CLngCLSX2X-Vi0Y6O5qshsOaFBaDZVJOvq&callback=initMap&libraries=places"></script>""",
        [("api_key", "AIza6CLngCLSX2X-Vi0Y6O5qshsOaFBaDZVJOvq")],
    ),
    Row(
        """refunds work in test mode but in prod stripe says "No such charge". what's different?

const stripe = require('stripe')('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');

async function refund(chargeId) {
  return stripe.refunds.create({ charge: chargeId, reason: 'requested_by_customer' });
}""",
        [
            (
                "api_key",
                "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",
            )
        ],
    ),
    Row(
        """settings.py excerpt, the app crashes on startup with KeyError 'STRIPE_WEBHOOK_SECRET'. I only have the restricted key set:

STRIPE_RESTRICTED_KEY = "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"
STRIPE_WEBHOOK_SECRET = os.environ["STRIPE_WEBHOOK_SECRET"]""",
        [
            (
                "api_key",
                "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",
            )
        ],
    ),
    Row(
        """aws s3 ls gives "The AWS Access Key Id you provided does not exist in our records". This is my ~/.aws/credentials:

[default]
aws_access_key_id = AKIAAYPJB6KZPBSN553V
aws_secret_access_key = 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
region = eu-central-1""",
        [("api_key", "AKIAAYPJB6KZPBSN553V"), ("api_key", "fkKW6qxe9qqtYpKcd8r9fQlaAVvzcE619r5ijAOl")],
    ),
    Row(
        """Review my docker-compose, the worker container can't reach S3 and postgres refuses the login.

services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: ingest
      POSTGRES_PASSWORD: "mossy-Harbor-1188"
  worker:
    build: ./worker
    environment:
      AWS_ACCESS_KEY_ID: AKIAULQFKGWB4THELJ7W
      AWS_SECRET_ACCESS_KEY: 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
      AWS_DEFAULT_REGION: us-west-2
      DATABASE_URL: postgresql://ingest:mossy-Harbor-1188@db:5432/ingest
    depends_on: [db]""",
        [
            ("password", "mossy-Harbor-1188"),
            ("api_key", "AKIAULQFKGWB4THELJ7W"),
            ("api_key", "U2tkqQsBh+vZP7EKUtlDZuoC66e3ne4Hu+E+ZF0z"),
        ],
    ),
    Row(
        "Is this Azure connection string malformed? BlobServiceClient.from_connection_string throws ValueError.\n\nDefaultEndpointsProtocol=https;AccountName=stfinrep02;AccountKey=lCyW7zTfXoNQ2rdlgs4ROP0hOpl8NIaT0RLv6UK0fct52M8lQponvD0j8adzXxwalAyJlf0hziY1Ed5lNuSx4A==;EndpointSuffix=core.windows.net",
        [
            (
                "api_key",
                "lCyW7zTfXoNQ2rdlgs4ROP0hOpl8NIaT0RLv6UK0fct52M8lQponvD0j8adzXxwalAyJlf0hziY1Ed5lNuSx4A==",
            )
        ],
    ),
    Row(
        """emails aren't arriving, sendgrid returns 403. code:

import sendgrid
from sendgrid.helpers.mail import Mail
sg = sendgrid.SendGridAPIClient(api_key='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')
message = Mail(from_email='noreply@tallyhome.app', to_emails='test@tallyhome.app', subject='hi', html_content='<b>hi</b>')
print(sg.send(message).status_code)""",
        [("api_key", "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")],
    ),
    Row(
        """Twilio SMS fails with error 20003. Here's the env, what's wrong?
TWILIO_ACCOUNT_SID=AC7ee72ff1a69f0635a9c3898921e763bb
TWILIO_AUTH_TOKEN=9e5510a7e0d5556f96c51281d65bc056
TWILIO_FROM=+15005550006""",
        [("api_key", "9e5510a7e0d5556f96c51281d65bc056")],
    ),
    Row(
        """I switched from the auth token to an API key like the docs say, now I get 401. Do I still pass the account SID?

client = Client("SKd0062635fab30da408eecfc655e48b7b", "5e5942d87f7504ee43de07c89dcc4010", account_sid)""",
        [("api_key", "SKd0062635fab30da408eecfc655e48b7b"), ("api_key", "5e5942d87f7504ee43de07c89dcc4010")],
    ),
    Row(
        r"""how do i do this in node with fetch?

curl -s --user 'api:key-be230c6aa08ee3cb636b00441e432c9a' \
  https://api.eu.mailgun.net/v3/mg.hollowayfarm.co.uk/messages \
  -F from='Holloway Farm <orders@mg.hollowayfarm.co.uk>' \
  -F to='customer@hollowayfarm.co.uk' \
  -F subject='Your veg box' -F text='See you Thursday'""",
        [("api_key", "key-be230c6aa08ee3cb636b00441e432c9a")],
    ),
    Row(
        """databricks CLI says "Error: default auth: cannot configure default credentials". my ~/.databrickscfg:

[DEFAULT]
host  = https://adb-5520183364729841.1.azuredatabricks.net
token = dapi05f6df4a12d0e7cdcf0ccd4c6a2445b1""",
        [("api_key", "dapi05f6df4a12d0e7cdcf0ccd4c6a2445b1")],
    ),
    Row(
        "npm publish gives E403 even though I'm in the org. .npmrc in the repo root is just:\n//registry.npmjs.org/:_authToken=npm_i1BJJnwbTc4cwe3CqMo5O3lpQuYv3falOLpk\nDo I need an automation token instead?",
        [("api_key", "npm_i1BJJnwbTc4cwe3CqMo5O3lpQuYv3falOLpk")],
    ),
    Row(
        r"""Rewrite with httpx async:

curl -X GET "https://api.parcelrelay.io/v2/shipments?status=in_transit" \
     -H "x-api-key: c6faabd83c3842192288b58b143563c1e5a6c884a9fb21518d56085f9a990538" \
     -H "Accept: application/json" """,
        [("api_key", "c6faabd83c3842192288b58b143563c1e5a6c884a9fb21518d56085f9a990538")],
    ),
    Row(
        """The pod starts but the app logs "invalid API key". I base64'd it myself, did I mess up?

apiVersion: v1
kind: Secret
metadata:
  name: geocoder-credentials
  namespace: routing
type: Opaque
data:
  GEOCODER_API_KEY: N2Q0ZTBlYWVjYjExMjNjZjU3NWRkODBiYmIyY2Y0ZGRiMDhjNTljOTJmMWQxOTE2""",
        [("api_key", "N2Q0ZTBlYWVjYjExMjNjZjU3NWRkODBiYmIyY2Y0ZGRiMDhjNTljOTJmMWQxOTE2")],
    ),
    Row(
        """Exported from Postman, can you turn it into a pytest test?

{
  "info": {"name": "Inventory API", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
  "item": [{
    "name": "List SKUs",
    "request": {
      "method": "GET",
      "header": [{"key": "X-Api-Key", "value": "583ce95d2e51a14523be941a8d00dcf96aa5f4bacad0cfb5", "type": "text"}],
      "url": {"raw": "https://inv.greyhollow.net/api/skus?page=1"}
    }
  }]
}""",
        [("api_key", "583ce95d2e51a14523be941a8d00dcf96aa5f4bacad0cfb5")],
    ),
    Row(
        """Keycloak rejects the client credentials grant with unauthorized_client. application.yml:

spring:
  security:
    oauth2:
      client:
        registration:
          billing:
            client-id: billing-service
            client-secret: yLQluI6jdo0NXZfvV_i6HKjpQne2urKCK4_LQNQK71k
            authorization-grant-type: client_credentials""",
        [("api_key", "yLQluI6jdo0NXZfvV_i6HKjpQne2urKCK4_LQNQK71k")],
    ),
    Row(
        'config.json for my weather widget — it works on localhost and fails on the Pi. {"apiKey": "34f656c9047b196271740963a353914a", "units": "metric", "city": "Tromsø", "refreshMinutes": 15}',
        [("api_key", "34f656c9047b196271740963a353914a")],
    ),
    Row(
        """// utils/translate.js
const DEEPL_API_KEY = "7f56c1bbf70a1cd32f195adda0d7d1f0ba624c0e";

export async function translate(text, target = "DE") {
  const res = await fetch("https://api.deepl.com/v2/translate", {
    method: "POST",
    headers: { "Authorization": `DeepL-Auth-Key ${DEEPL_API_KEY}` },
    body: new URLSearchParams({ text, target_lang: target }),
  });
  return (await res.json()).translations[0].text;
}

Why does this return 456 every time?""",
        [("api_key", "7f56c1bbf70a1cd32f195adda0d7d1f0ba624c0e")],
    ),
    Row(
        'Found this in our nginx error log, is it bad that it\'s there?\n2025/11/03 10:22:11 [error] 4121#4121: *88121 upstream timed out (110) while reading response header, request: "GET /proxy/current?access_key=eff851f7771d692d14df60827165ff141dad477d&query=Berlin HTTP/1.1", upstream: "http://10.2.0.14:8080/current"',
        [("api_key", "eff851f7771d692d14df60827165ff141dad477d")],
    ),
    Row(
        "Mein API-Schlüssel für die Places API funktioniert plötzlich nicht mehr (REQUEST_DENIED). Der Schlüssel ist AIzaHSbFggsq1OhAU5vIiGTsUmrkTZ_z4YxJwJa, Einschränkung auf Android-Apps. Woran kann das liegen?",
        [("api_key", "AIzaHSbFggsq1OhAU5vIiGTsUmrkTZ_z4YxJwJa")],
        lang="de",
    ),
    Row(
        "Bonjour, mon script de transcription plante avec une erreur 401. J'utilise la clé 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 dans la variable HF_TOKEN, elle a pourtant les droits de lecture. Tu peux m'aider ?",
        [("api_key", "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")],
        lang="fr",
    ),
    Row(
        "Hola, ¿me ayudas a pasar esto a variables de entorno? Ahora mismo tengo la clave de Stripe escrita en el código: Stripe::api_key = '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' y no quiero subirla a GitHub.",
        [
            (
                "api_key",
                "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",
            )
        ],
        lang="es",
    ),
    Row(
        """First cell of my notebook, the second cell hangs forever on client.responses.create(...)

import os
os.environ["OPENAI_API_KEY"] = "sk-proj-L3lybq1Kjv2UFQ3_tRM6IiPcaPc6pgEZ868-p5wQnCElO3tgC2sU9K6XrHWVuInBs20u3K__r8iy6D_2K3X9OzhGd7j28sUoMjX7vCCzL2vHNSGkXqjYCfraYt4pUdtEXSVDIvcgydG9KpFL_q6wBbMtMjYG"
from openai import OpenAI
client = OpenAI()""",
        [
            (
                "api_key",
                "sk-proj-L3lybq1Kjv2UFQ3_tRM6IiPcaPc6pgEZ868-p5wQnCElO3tgC2sU9K6XrHWVuInBs20u3K__r8iy6D_2K3X9OzhGd7j28sUoMjX7vCCzL2vHNSGkXqjYCfraYt4pUdtEXSVDIvcgydG9KpFL_q6wBbMtMjYG",
            )
        ],
    ),
    Row(
        "added this to my .zshrc: export ANTHROPIC_API_KEY=sk-ant-api03-twUZvNEnySM0pwzR7hXdc42goOE7sNhY9H8qbKFxvUm2eTA6B81LBQCcSyTMPm6U-GL_f0z1mwWUmSeUFP5048r3qNy9GAA but claude code still asks me to log in. what order does it check?",
        [
            (
                "api_key",
                "sk-ant-api03-twUZvNEnySM0pwzR7hXdc42goOE7sNhY9H8qbKFxvUm2eTA6B81LBQCcSyTMPm6U-GL_f0z1mwWUmSeUFP5048r3qNy9GAA",
            )
        ],
    ),
    Row(
        """terraform plan fails: "InvalidClientTokenId". terraform.tfvars:

region     = "ap-southeast-2"
access_key = "AKIAOVY7YHUYKKSURT6S"
secret_key = "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"
bucket     = "tf-state-kestrel-prod"

(I know I shouldn't keep them in tfvars, it's temporary)""",
        [("api_key", "AKIAOVY7YHUYKKSURT6S"), ("api_key", "Z3VdppgnCKMPOj68UrBNK8BPpA0zsLIuY6SASrvV")],
    ),
    Row(
        """AndroidManifest.xml — the map fragment loads blank on release builds only:

<application android:label="@string/app_name">
    <meta-data
        android:name="com.google.android.geo.API_KEY"
        android:value="AIzady3u6Onip63enPLGtHZSNe0Wag9wv-_5SVH" />
</application>""",
        [("api_key", "AIzady3u6Onip63enPLGtHZSNe0Wag9wv-_5SVH")],
    ),
    Row(
        """Laravel mail config, getting "Expected response code 250 but got code 535":
MAIL_MAILER=smtp
MAIL_HOST=smtp.sendgrid.net
MAIL_PORT=587
MAIL_USERNAME=apikey
MAIL_PASSWORD=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
MAIL_ENCRYPTION=tls""",
        [("api_key", "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")],
    ),
    Row(
        """FROM python:3.12-slim
ENV HF_TOKEN=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
RUN pip install --no-cache-dir transformers accelerate
COPY app /app
CMD ["python", "/app/serve.py"]

Image is 9 GB, how do I make it smaller?""",
        [("api_key", "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")],
    ),
    Row(
        """from langchain_nvidia_ai_endpoints import ChatNVIDIA
llm = ChatNVIDIA(model="mistralai/mixtral-8x22b-instruct-v0.1",
                 api_key="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",
                 temperature=0.2)
print(llm.invoke("Summarise RFC 9110 in 3 bullets").content)
-> it prints nothing, no error either. ideas?""",
        [("api_key", "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")],
    ),
    Row(
        "Flask says 'The session is unavailable because no secret key was set' but I did set it: app.config['SECRET_KEY'] = 'ea6c5bbbf16ecc17efddf82848bae1b823a3986f0816c2c015b2e71625cb7de7' right after app = Flask(__name__) in create_app(). Blueprint issue?",
        [("api_key", "ea6c5bbbf16ecc17efddf82848bae1b823a3986f0816c2c015b2e71625cb7de7")],
    ),
    Row(
        """appsettings.Production.json — the Function app can't read the queue:

{
  "Logging": { "LogLevel": { "Default": "Warning" } },
  "Storage": {
    "AccountName": "stqueuesweu01",
    "AccountKey": "1zZCC5TkryoOKrBoN3lgJUyJxqI1asU42QMbLT0EPeuyi8+UwP+gab7i1gmeH6h5IW93vgLAt9VDNZZtKi0xLg==",
    "QueueName": "thumbnails"
  }
}""",
        [
            (
                "api_key",
                "1zZCC5TkryoOKrBoN3lgJUyJxqI1asU42QMbLT0EPeuyi8+UwP+gab7i1gmeH6h5IW93vgLAt9VDNZZtKi0xLg==",
            )
        ],
    ),
    Row(
        "Priya: hey, for the demo tomorrow just use my key, the team one is rate limited -> sk-ant-api03-mdJLYfnEQKQP6qWW98uUFjLHYW7ADbNZWDr6N4n7Nf1yGfDhEgdQRKscwuZCSlIEkb2wpOsyYqPXhoU3bsS567nMgMDbAAA\n\nCan you write me a polite reply saying I'd rather not use a personal key for a customer demo?",
        [
            ("person_name", "Priya"),
            (
                "api_key",
                "sk-ant-api03-mdJLYfnEQKQP6qWW98uUFjLHYW7ADbNZWDr6N4n7Nf1yGfDhEgdQRKscwuZCSlIEkb2wpOsyYqPXhoU3bsS567nMgMDbAAA",
            ),
        ],
    ),
    Row(
        r"""curl "https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent?key=AIzaaOAIduVql4bngcSd9T4l9m9Mj9YHknhiLVB" \
  -H 'Content-Type: application/json' \
  -d '{"contents":[{"parts":[{"text":"Explain how AI works"}]}]}'

returns 400 API_KEY_INVALID, but the same key works in AI Studio""",
        [("api_key", "AIzaaOAIduVql4bngcSd9T4l9m9Mj9YHknhiLVB")],
    ),
    Row(
        'Ciao, il mio form di contatto non invia più email. Uso Mailgun con la chiave key-be230c6aa08ee3cb636b00441e432c9b sul dominio mg.pasticceriaverdi.it e ricevo "Forbidden". Devo usare l\'endpoint europeo?',
        [("api_key", "key-be230c6aa08ee3cb636b00441e432c9b")],
        lang="it",
    ),
    Row(
        """require "stripe"
Stripe.api_key = ENV.fetch("STRIPE_KEY") { "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" }

Rubocop flags nothing. Is a fallback like this ok for a Sidekiq job?""",
        [
            (
                "api_key",
                "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",
            )
        ],
    ),
    Row(
        """s3 = boto3.client(
    "s3",
    aws_access_key_id="AKIAYJX3QW7NRT2LMV5B",
    aws_secret_access_key="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",
    region_name="eu-west-1",
)
s3.upload_file("report.pdf", "acct-exports", "2025/11/report.pdf")
# botocore.exceptions.ClientError: SignatureDoesNotMatch — why?""",
        [("api_key", "AKIAYJX3QW7NRT2LMV5B"), ("api_key", "pQ8n/Xc2rVt4Lw+9GsK1mZ7eHbYd0UaF3jNo6iTq")],
    ),
    Row(
        "この設定ファイルのどこが間違っていますか？ DATABRICKS_HOST=https://dbc-7f3a21c8-90e1.cloud.databricks.com DATABRICKS_TOKEN=dapi9e3b7c41d08a2f65e1c7b49a03d2e8f1 で接続するとタイムアウトになります。",
        [("api_key", "dapi9e3b7c41d08a2f65e1c7b49a03d2e8f1")],
        lang="ja",
    ),
    # ---------------------------------------------------------------- access_token
    Row(
        """git push keeps failing with "Support for password authentication was removed". I thought putting the token in the URL fixed that?

$ git remote -v
origin  https://ghp_DgSA0gYrKTaoN9JrBusGbxCfztQl17VC3oSq@github.com/marta-voss/thesis-notebooks.git (fetch)
origin  https://ghp_DgSA0gYrKTaoN9JrBusGbxCfztQl17VC3oSq@github.com/marta-voss/thesis-notebooks.git (push)""",
        [("access_token", "ghp_DgSA0gYrKTaoN9JrBusGbxCfztQl17VC3oSq")],
    ),
    Row(
        """gh auth status says I'm logged in but gh pr create fails with HTTP 403. contents of ~/.config/gh/hosts.yml:

github.com:
    user: dkowalczyk
    oauth_token: gho_6UgjvdkcJvLLyS2sqnm1jzk500blW9pXawZk
    git_protocol: ssh""",
        [("access_token", "gho_6UgjvdkcJvLLyS2sqnm1jzk500blW9pXawZk")],
    ),
    Row(
        "pip install from our private repo works locally but not in CI. requirements.txt line: git+https://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@github.com/kestrel-labs/featurestore.git@v0.9.2 — the fine-grained token has Contents: read. What am I missing?",
        [
            (
                "access_token",
                "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",
            )
        ],
    ),
    Row(
        r"""Convert to a Python script that loops over all pages:

curl --header "PRIVATE-TOKEN: glpat-YkxqOYApD-xkosDN_ETa" \
  "https://gitlab.example-corp.net/api/v4/projects/412/merge_requests?state=opened&per_page=100" """,
        [("access_token", "glpat-YkxqOYApD-xkosDN_ETa")],
    ),
    Row(
        """pip.conf on the build agents, poetry ignores it:

[global]
index-url = https://__token__:glpat-bxcG_WVhDmMp1UAO-CvX@gitlab.com/api/v4/projects/55120833/packages/pypi/simple
timeout = 60""",
        [("access_token", "glpat-bxcG_WVhDmMp1UAO-CvX")],
    ),
    Row(
        """My Slack bot posts fine to #general but gets not_in_channel for #ops. Here's the code:

from slack_sdk import WebClient
client = WebClient(token="xoxb-6362229129297-6530108368575-lVFFDRHQXkVcAUfNAHy9t3w7")
client.chat_postMessage(channel="#ops", text="Deploy finished :rocket:")""",
        [("access_token", "xoxb-6362229129297-6530108368575-lVFFDRHQXkVcAUfNAHy9t3w7")],
    ),
    Row(
        "what scopes does this need? curl -s -H 'Authorization: Bearer xoxp-1139653883819-5895889159799-6720464703485-c1234507a9d692b3d85d4a386ff40399' 'https://slack.com/api/conversations.history?channel=C04QX7LTRN2&limit=200' returns missing_scope",
        [("access_token", "xoxp-1139653883819-5895889159799-6720464703485-c1234507a9d692b3d85d4a386ff40399")],
    ),
    Row(
        """def notify(msg):
    requests.post("https://hooks.slack.com/services/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",
                  json={"text": msg}, timeout=5)

Can you add retries with exponential backoff and make it async?""",
        [("access_token", "https://hooks.slack.com/services/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")],
    ),
    Row(
        """alertmanager.yml — alerts fire in the UI but nothing shows up in Slack:

route:
  receiver: slack-ops
receivers:
  - name: slack-ops
    slack_configs:
      - api_url: https://hooks.slack.com/services/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
        channel: '#alerts'
        send_resolved: true""",
        [("access_token", "https://hooks.slack.com/services/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")],
    ),
    Row(
        "Can you decode this JWT and tell me when it expires? Users say they get logged out too early.\n\neyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI4ODQxMjA3IiwibmFtZSI6Ik1heWEgT2thZm9yIiwiaWF0IjoxNzY0NjAwMDAwLCJleHAiOjE3NjQ2ODY0MDB9.yRo7ZI0DQX9SZZ94gT07B3q6AZLtFSm5d-PnZTyDDx8",
        [
            (
                "access_token",
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI4ODQxMjA3IiwibmFtZSI6Ik1heWEgT2thZm9yIiwiaWF0IjoxNzY0NjAwMDAwLCJleHAiOjE3NjQ2ODY0MDB9.yRo7ZI0DQX9SZZ94gT07B3q6AZLtFSm5d-PnZTyDDx8",
            )
        ],
    ),
    Row(
        """Copied from Chrome devtools (Network tab), the request returns 403 but the role is admin?

GET /api/v1/admin/users?page=2 HTTP/2
Host: console.brightmeadow.io
Accept: application/json
Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyXzU1MTIiLCJlbWFpbCI6InQuYmVyZ2VyQGdteC5kZSIsInJvbGUiOiJhZG1pbiIsImlhdCI6MTc2NTAwMDAwMH0.YfstpW1fAbDC8RviffX2iswGsX164Tu_D7P0BugFPU2CYHgg_fWeZBiftQajjndtbT8yQgbdpB5-3gc1a2BOww
Referer: https://console.brightmeadow.io/users""",
        [
            (
                "access_token",
                "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyXzU1MTIiLCJlbWFpbCI6InQuYmVyZ2VyQGdteC5kZSIsInJvbGUiOiJhZG1pbiIsImlhdCI6MTc2NTAwMDAwMH0.YfstpW1fAbDC8RviffX2iswGsX164Tu_D7P0BugFPU2CYHgg_fWeZBiftQajjndtbT8yQgbdpB5-3gc1a2BOww",
            )
        ],
    ),
    Row(
        """my express middleware rejects this token with "jwt audience invalid. expected: https://api.lumenfield.io". Token from the SPA's localStorage:

access_token: eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2F1dGgubHVtZW5maWVsZC5pby8iLCJzdWIiOiJhdXRoMHw2NGYxYzJhOWU3IiwiYXVkIjoiYXBpLmx1bWVuZmllbGQuaW8iLCJleHAiOjE3NjYwMDEyMzQsInNjb3BlIjoicmVhZDpvcmRlcnMgd3JpdGU6b3JkZXJzIn0.fSmSdDjOcvKC5KqVbX3fBhlmgB8lv63XEQiJsMEGYeXOeeVs_roYVtLAWEjbAAsAe3eDGgCgYlBa7r51CZelSw

jwt({ secret: jwks, audience: 'https://api.lumenfield.io', issuer: 'https://auth.lumenfield.io/', algorithms: ['RS256'] })""",
        [
            (
                "access_token",
                "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2F1dGgubHVtZW5maWVsZC5pby8iLCJzdWIiOiJhdXRoMHw2NGYxYzJhOWU3IiwiYXVkIjoiYXBpLmx1bWVuZmllbGQuaW8iLCJleHAiOjE3NjYwMDEyMzQsInNjb3BlIjoicmVhZDpvcmRlcnMgd3JpdGU6b3JkZXJzIn0.fSmSdDjOcvKC5KqVbX3fBhlmgB8lv63XEQiJsMEGYeXOeeVs_roYVtLAWEjbAAsAe3eDGgCgYlBa7r51CZelSw",
            )
        ],
    ),
    Row(
        "log line from the gateway, should we be worried? 2025-11-28T07:41:09.552Z INFO  [authz] tenant=acme-eu token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjo5MDIxNywidGVuYW50IjoiYWNtZS1ldSIsImV4cCI6MTc2NTk5MDAwMH0.4NmYQV057UJgMFiLLcawiyfLN6GTFt7zXDyCujTWbCo decision=allow path=/v2/invoices",
        [
            (
                "access_token",
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjo5MDIxNywidGVuYW50IjoiYWNtZS1ldSIsImV4cCI6MTc2NTk5MDAwMH0.4NmYQV057UJgMFiLLcawiyfLN6GTFt7zXDyCujTWbCo",
            )
        ],
    ),
    Row(
        'Warum lehnt mein Backend dieses Token ab? Fehlermeldung: "invalid signature". Token: eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjM2UxIiwicHJlZmVycmVkX3VzZXJuYW1lIjoicmtvd2Fsc2tpIiwiZXhwIjoxNzY3MDAwMDAwfQ.cXzF5ePnn4L6PmDCqJtYqYAr80BRDH97TLInvgtXvqhF8jrQlH-SflQML2yhHEbWwDo21Jnn4gNR5osgHaop2w – ich verifiziere mit HS256 und dem Client-Secret.',
        [
            (
                "access_token",
                "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjM2UxIiwicHJlZmVycmVkX3VzZXJuYW1lIjoicmtvd2Fsc2tpIiwiZXhwIjoxNzY3MDAwMDAwfQ.cXzF5ePnn4L6PmDCqJtYqYAr80BRDH97TLInvgtXvqhF8jrQlH-SflQML2yhHEbWwDo21Jnn4gNR5osgHaop2w",
            )
        ],
        lang="de",
    ),
    Row(
        r"""curl -H "Authorization: Bearer ya29.a0b6dD-suUo3Ub4vXumIu6sKwA8XFiwCIL-p5w02fhIQsOUcEAxrnz0iMw_NoG_YekTSkV4GVEtlJJp6b5z5Gzpwmz2QGTqt6NffrYyFj900kJzNkNiB6RPvyVuE8fKc8N5sn36VUZOgVnYuidPc8Laj" \
  "https://www.googleapis.com/drive/v3/files?q=mimeType%3D'application%2Fpdf'&fields=files(id,name)"
works for an hour then 401. how do I refresh it from python?""",
        [
            (
                "access_token",
                "ya29.a0b6dD-suUo3Ub4vXumIu6sKwA8XFiwCIL-p5w02fhIQsOUcEAxrnz0iMw_NoG_YekTSkV4GVEtlJJp6b5z5Gzpwmz2QGTqt6NffrYyFj900kJzNkNiB6RPvyVuE8fKc8N5sn36VUZOgVnYuidPc8Laj",
            )
        ],
    ),
    Row(
        """creds = Credentials(token="ya29.a0hQ4ZMqTgBGCn54N3nnqV08NO2FrCam5WWBXXfv60896D1mUKEEFoDEjXh5BNYrtOSP5DxxOju5AQMwIpEcqz1INScY6XmDWJ1PJqklgSriHZCPGCrv1NeZjS_3Ve-7zq4f5XnkWXGOcPpuoPuXNqGV")
service = build("calendar", "v3", credentials=creds)
events = service.events().list(calendarId="primary", maxResults=10).execute()

This is from the OAuth playground. Fine for a cron job or not?""",
        [
            (
                "access_token",
                "ya29.a0hQ4ZMqTgBGCn54N3nnqV08NO2FrCam5WWBXXfv60896D1mUKEEFoDEjXh5BNYrtOSP5DxxOju5AQMwIpEcqz1INScY6XmDWJ1PJqklgSriHZCPGCrv1NeZjS_3Ve-7zq4f5XnkWXGOcPpuoPuXNqGV",
            )
        ],
    ),
    Row(
        """Raw request from Burp, the API returns someone else's orders when I change the id. Is that an IDOR? Writing it up for the bug bounty.

GET /api/orders/88213 HTTP/1.1
Host: shop.tannery-row.com
Authorization: Bearer At5iUxgvOG0siGaGSBGLCXBmrCwf0wqBWc8rWjET
User-Agent: Mozilla/5.0""",
        [("access_token", "At5iUxgvOG0siGaGSBGLCXBmrCwf0wqBWc8rWjET")],
    ),
    Row(
        """axios.defaults.headers.common['Authorization'] = 'Bearer vsCitb2hIpIE4rVwP1MFTMJ8xGyOsMCFOBc8ct2M';
axios.get('/api/me').then(r => setUser(r.data));
// works in dev, in prod the header is missing from the preflight. CORS?""",
        [("access_token", "vsCitb2hIpIE4rVwP1MFTMJ8xGyOsMCFOBc8ct2M")],
    ),
    Row(
        "Kannst du mir helfen, das in PowerShell umzuschreiben? Invoke-RestMethod mag meinen Header nicht: Authorization: Bearer 7WjQyqOdZ8galfeKMYqN25ScSsNdGSU5Biwicu8i, URL ist https://intranet.schreiner-gmbh.de/api/tickets",
        [("access_token", "7WjQyqOdZ8galfeKMYqN25ScSsNdGSU5Biwicu8i")],
        lang="de",
    ),
    Row(
        """I'm scraping my own account data (it's allowed). The script gets redirected to /login although I copied the cookie from the browser:

headers = {
    "User-Agent": "Mozilla/5.0",
    "Cookie": "csrftoken=Xq81; sessionid=68pr5qedl522a6sw0q9htgnrpbxoa4cl; django_language=en",
}
r = requests.get("https://portal.fernbrook-utilities.co.uk/account/bills/", headers=headers)""",
        [("access_token", "68pr5qedl522a6sw0q9htgnrpbxoa4cl")],
    ),
    Row(
        "Avec Puppeteer je réinjecte le cookie de session pour éviter de me reconnecter : await page.setCookie({ name: 'sessionid', value: 'o1sv812by3i36ofqsfl2vtw9gwcsepn2', domain: 'espace-client.mutuelle-azur.fr' }); mais la page me renvoie toujours vers la connexion. Une idée ?",
        [("access_token", "o1sv812by3i36ofqsfl2vtw9gwcsepn2")],
        lang="fr",
    ),
    Row(
        "Shared this link with the auditor yesterday, now it says AuthenticationFailed. Did it expire?\nhttps://stfinrep02.blob.core.windows.net/exports/ledger-2025-q3.xlsx?sp=r&st=2025-11-20T09:00:00Z&se=2025-11-27T17:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=jIN1zx7X5wsRKWbXqgXSW%2B2%2FvKvb0MCKyAJGsjAXu%2Bg%3D",
        [("access_token", "jIN1zx7X5wsRKWbXqgXSW%2B2%2FvKvb0MCKyAJGsjAXu%2Bg%3D")],
    ),
    Row(
        """azcopy copy fails with 403 on this SAS:

azcopy copy ./backups "https://stbackupsnord.blob.core.windows.net/nightly?sv=2023-01-03&ss=b&srt=co&sp=rwlac&se=2026-01-31T23:59:59Z&sig=cXU0aYp3NdgeGHjwQn8QqYoNTd30mhDHA0j0cdb0dss%3D" --recursive

The container exists. Is "srt=co" wrong?""",
        [("access_token", "cXU0aYp3NdgeGHjwQn8QqYoNTd30mhDHA0j0cdb0dss%3D")],
    ),
    Row(
        """discord.py bot goes online then immediately disconnects with "Improper token has been passed"

import discord
intents = discord.Intents.default()
intents.message_content = True
bot = discord.Client(intents=intents)
bot.run("MTM4ODk4MzkyOTM5NDA4NjQw.VYmNzg.Vki2klZu3ugxcZCRxmqAgCXidd-UsULC68E1A-")""",
        [("access_token", "MTM4ODk4MzkyOTM5NDA4NjQw.VYmNzg.Vki2klZu3ugxcZCRxmqAgCXidd-UsULC68E1A-")],
    ),
    Row(
        '¿Por qué GitHub Actions no puede clonar el submódulo? En el workflow tengo: git config --global url."https://x-access-token:ghp_FYumJT0yqkJ4gdSdefYzZTKFKM9dJwGUKzry@github.com/".insteadOf "https://github.com/" y aun así falla con \'repository not found\'.',
        [("access_token", "ghp_FYumJT0yqkJ4gdSdefYzZTKFKM9dJwGUKzry")],
        lang="es",
    ),
    Row(
        "docker build --build-arg GITHUB_TOKEN=ghp_J9Aez2N3vdl6Ln7voVOUgrpq7JY7Bdhxt6Nm -t api:latest . — I read build args end up in the image history. How do I use a BuildKit secret instead?",
        [("access_token", "ghp_J9Aez2N3vdl6Ln7voVOUgrpq7JY7Bdhxt6Nm")],
    ),
    Row(
        """Renovate config for our self-hosted GitLab, it creates no MRs:

module.exports = {
  platform: 'gitlab',
  endpoint: 'https://git.nordlicht-software.de/api/v4/',
  token: 'glpat-DFkf0s5iPNId1wqgwp6V',
  repositories: ['platform/web', 'platform/api'],
};""",
        [("access_token", "glpat-DFkf0s5iPNId1wqgwp6V")],
    ),
    Row(
        "Our iOS app stores the refresh token in UserDefaults. Here's what I see in the plist dump: refresh_token = YwoWHSSmX9OYtDBmKn9r4xYRsLm7Z4Xkn9BHmW9GqYw; Should this be in the Keychain instead? Explain the risk for a non-security PM.",
        [("access_token", "YwoWHSSmX9OYtDBmKn9r4xYRsLm7Z4Xkn9BHmW9GqYw")],
    ),
    Row(
        "Set-Cookie header I get back after login: laravel_session=ph8qufuupiebouy1m3zk90ucvya9t1o3; expires=Fri, 05-Dec-2025 14:12:55 GMT; Max-Age=7200; path=/; httponly; samesite=lax — why isn't it Secure?",
        [("access_token", "ph8qufuupiebouy1m3zk90ucvya9t1o3")],
    ),
    # ---------------------------------------------------------------- private_key
    Row(
        'nginx won\'t start: "SSL_CTX_use_PrivateKey_file failed (SSL: error:0B080074:x509 certificate routines:X509_check_private_key:key values mismatch)". This is the key file, does it match a P-256 cert?\n\n'
        + EC_KEY_1,
        [("private_key", EC_KEY_1)],
    ),
    Row(
        'My Go code: block, _ := pem.Decode(keyPEM); key, err := x509.ParsePKCS8PrivateKey(block.Bytes) -> "x509: failed to parse private key (use ParseECPrivateKey instead for this key format)". The key:\n'
        + EC_KEY_2
        + "\nSo I just switch the function?",
        [("private_key", EC_KEY_2)],
    ),
    Row(
        "Generated with `openssl genpkey -algorithm ed25519`. Can I use this directly for signing JWTs with jose in Node (EdDSA)?\n\n"
        + PKCS8_ED25519,
        [("private_key", PKCS8_ED25519)],
    ),
    Row(
        """Service account JSON for the GCP importer. The job fails with "invalid_grant: Invalid JWT Signature". Is the private_key field broken because of the newlines?

{
  "type": "service_account",
  "project_id": "orchard-analytics-311207",
  "private_key_id": "1c5ae8da480393d3e70607c5c14b3ca2a16f3b4e",
  "client_email": "importer@orchard-analytics-311207.iam.gserviceaccount.com",
  "private_key": \""""
        + PKCS8_RSA
        + """\"
}""",
        [("private_key", PKCS8_RSA)],
    ),
    Row(
        'ssh -i ~/.ssh/deploy_ed25519 deploy@203.0.113.40 says "Load key: invalid format". I created the file by pasting this from our vault:\n\n'
        + OPENSSH_1
        + "\n\nCould it be the line endings (I'm on Windows)?",
        [("private_key", OPENSSH_1)],
    ),
    Row(
        """GitHub Actions deploy step, the key is inlined for now because secrets weren't working. Why does ssh-add say "error in libcrypto"?

      - name: Deploy
        run: |
          mkdir -p ~/.ssh
          cat > ~/.ssh/id_ed25519 <<'EOF'
"""
        + OPENSSH_2
        + """
          EOF
          chmod 600 ~/.ssh/id_ed25519
          ssh-add ~/.ssh/id_ed25519""",
        [("private_key", OPENSSH_2)],
    ),
    Row(
        "Old Java code loads the key with PKCS8EncodedKeySpec and throws InvalidKeySpecException. Our partner bank sent us this one:\n"
        + RSA_1
        + "\nDo I need to convert it with openssl pkcs8 -topk8 first?",
        [("private_key", RSA_1)],
    ),
    Row(
        "Hallo, ich richte SFTP für den Steuerberater ein. WinSCP akzeptiert meinen Schlüssel nicht und will eine .ppk-Datei. Kann ich das hier umwandeln, ohne dass etwas kaputtgeht?\n\n"
        + RSA_2,
        [("private_key", RSA_2)],
        lang="de",
    ),
    Row(
        'gpg --import says "no valid OpenPGP data found". I exported it from my old laptop with --armor --export-secret-keys:\n\n'
        + PGP_KEY
        + "\n\nIs the armor damaged?",
        [("private_key", PGP_KEY)],
    ),
    Row(
        """wg-quick up wg0 -> "Line unrecognized: `PrivateKey=s5IWQ3PQ3RdBNmjXZ4/iGMNZ0NTdXyOkWGgzHQrz3XI=`". config:

[Interface]
PrivateKey=s5IWQ3PQ3RdBNmjXZ4/iGMNZ0NTdXyOkWGgzHQrz3XI=
Address = 10.8.0.2/24
DNS = 1.1.1.1

[Peer]
PublicKey = hJ2yJXoX1tX9kN0wq5yC0cQ4m0cUc1b6q8tXrG2f5Dk=
Endpoint = vpn.hearthstone-cabins.net:51820
AllowedIPs = 0.0.0.0/0""",
        [("private_key", "s5IWQ3PQ3RdBNmjXZ4/iGMNZ0NTdXyOkWGgzHQrz3XI=")],
    ),
    Row(
        "Set up WireGuard on my phone and laptop with the same config file, now only one of them connects at a time. Interface section on both: PrivateKey = q4Ui77UyG/OYvK2bTF6oEP6px9npJX5iTX/cGvrGmdM=, Address = 10.66.66.2/32. Is that the problem?",
        [("private_key", "q4Ui77UyG/OYvK2bTF6oEP6px9npJX5iTX/cGvrGmdM=")],
    ),
    Row(
        """Ansible task to template /etc/wireguard/wg0.conf — review please:

- name: wg0.conf
  copy:
    dest: /etc/wireguard/wg0.conf
    mode: "0600"
    content: |
      [Interface]
      Address = 10.20.0.1/24
      ListenPort = 51820
      PrivateKey = 90YMRIbr0jzl3cG/Rij5M7covFwmvgmjwzjJ2E5NwnE=""",
        [("private_key", "90YMRIbr0jzl3cG/Rij5M7covFwmvgmjwzjJ2E5NwnE=")],
    ),
    Row(
        """sops -d secrets.enc.yaml fails with "no identity matched any of the recipients". keys.txt:

# created: 2025-10-02T18:11:40+02:00
# public key: age1u7w3m0k9nq2hf6x4l8sd5yaj2cz7pe0rt3vg9nk6wqmxh4d8ls2qf7tc0
AGE-SECRET-KEY-1VQ5RYKRU639D29S6D380VC3GSD2NFHC2CH0SULQ5FLZMAYSKAXSRLA377X

SOPS_AGE_KEY_FILE points at it. Any idea?""",
        [("private_key", "AGE-SECRET-KEY-1VQ5RYKRU639D29S6D380VC3GSD2NFHC2CH0SULQ5FLZMAYSKAXSRLA377X")],
    ),
    # ---------------------------------------------------------------- password
    Row(
        "Can you make a little printable card for the guest room? It should say Welcome, the network is HollyLane_5G and the wifi password is Sunflower!2024, checkout by 11.",
        [("password", "Sunflower!2024")],
    ),
    Row(
        'Write a short message to our babysitter Ines with the house info: alarm is off during the day, the WiFi is "Rossi-Casa" with key ortensia-Blu-77, and the kids go to bed at 8.',
        [("person_name", "Ines"), ("password", "ortensia-Blu-77")],
    ),
    Row(
        "Traduis en anglais pour notre locataire Airbnb : « Le réseau Wi-Fi s'appelle Livebox-8A3C, le mot de passe : Tournesol#5821. En cas de souci, redémarrez la box dans le placard de l'entrée. »",
        [("password", "Tournesol#5821")],
        lang="fr",
    ),
    Row(
        "Bitte formuliere eine kurze Übergabenotiz für meine Kollegin: Der Admin-Zugang zum Kassensystem ist wieder aktiv, das Passwort lautet Kastanie_19!Wald, bitte nach dem ersten Login ändern.",
        [("password", "Kastanie_19!Wald")],
        lang="de",
    ),
    Row(
        "Mi padre no se acuerda de cómo entrar en el correo. Le he apuntado que el usuario es su email y la contraseña es Limonero1957*. ¿Me escribes instrucciones paso a paso, muy sencillas, para entrar desde el móvil?",
        [("password", "Limonero1957*")],
        lang="es",
    ),
    Row(
        """why does this not connect? psycopg2.OperationalError: FATAL: password authentication failed for user "reporting"

engine = create_engine("postgresql+psycopg2://reporting:Gr4nite-Owl-31@10.0.4.17:5432/warehouse")""",
        [("password", "Gr4nite-Owl-31")],
    ),
    Row(
        "mongoose.connect('mongodb+srv://appuser:T6wq9ZxLk2Rb@cluster0.h7kq2.mongodb.net/orders?retryWrites=true&w=majority') hangs and then MongoServerSelectionError. IP allowlist is 0.0.0.0/0. What else?",
        [("password", "T6wq9ZxLk2Rb")],
    ),
    Row(
        """Celery can't talk to redis: "Authentication required" even though I put the password in the URL.

CELERY_BROKER_URL = "redis://:pebble7Rainfall@redis-master.cache.svc:6379/0"
CELERY_RESULT_BACKEND = CELERY_BROKER_URL""",
        [("password", "pebble7Rainfall")],
    ),
    Row(
        "Our monitoring sends mail with smtp://alerts%40kilnworks.co.uk:W1ndmill*Tea@smtp.office365.com:587 and since Monday it's 535 5.7.139 Authentication unsuccessful. Did Microsoft turn off basic auth for SMTP?",
        [("password", "W1ndmill*Tea")],
    ),
    Row(
        r"""Turn this into PowerShell:

curl -u backup-bot:hZ4!ke92Pq_r -X PUT \
  --data-binary @db-2025-11-30.sql.gz \
  https://nexus.internal.lan/repository/db-dumps/db-2025-11-30.sql.gz""",
        [("password", "hZ4!ke92Pq_r")],
    ),
    Row(
        """Jenkins webhook from our old server, returns 401. Is the header right?

POST /generic-webhook-trigger/invoke HTTP/1.1
Host: ci.brassfield.local
Authorization: Basic amVua2luczo4dlQkZWUxV3EtTG0=
Content-Type: application/json""",
        [("password", "amVua2luczo4dlQkZWUxV3EtTG0=")],
    ),
    Row(
        """headers = {"Authorization": "Basic b3BzLWFkbWluOkdsYWNpZXItTW90aC03Nw==", "Accept": "application/json"}
r = requests.get("https://grafana.ops.lan/api/dashboards/uid/node-exporter", headers=headers, verify=False)
print(r.status_code)  # 401

the user works in the browser""",
        [("password", "b3BzLWFkbWluOkdsYWNpZXItTW90aC03Nw==")],
    ),
    Row(
        """Django .env, the app works locally, on the server it says "Access denied for user 'shopdb'@'172.18.0.3'":

SECRET_KEY=django-insecure-local-only
DB_ENGINE=django.db.backends.mysql
DB_NAME=shop
DB_USER=shopdb
DB_PASSWORD=vK93#mfLq2Ea
DB_HOST=mysql""",
        [("password", "vK93#mfLq2Ea")],
    ),
    Row(
        """config/database.yml for the Rails app:

production:
  adapter: postgresql
  encoding: unicode
  database: ledger_production
  username: ledger
  password: Wombat-Lantern-908
  host: pg-prod-1.internal
  pool: 10

Rails console connects but puma workers time out. pool size?""",
        [("password", "Wombat-Lantern-908")],
    ),
    Row(
        'Why does my Node app read undefined for the password? config.json: {"db": {"host": "localhost", "user": "inventory", "password": "cobalt_Fern_2291", "name": "inventory"}} and I do const { password } = require("./config.json");',
        [("password", "cobalt_Fern_2291")],
    ),
    Row(
        """application.properties, Spring Boot 3 fails with HikariPool-1 - Exception during pool initialization:

spring.datasource.url=jdbc:sqlserver://sql01.corp.local:1433;databaseName=HR;encrypt=true;trustServerCertificate=true
spring.datasource.username=hr_app
spring.datasource.password=Pl@tform2025!hr
spring.jpa.hibernate.ddl-auto=validate""",
        [("password", "Pl@tform2025!hr")],
    ),
    Row(
        "docker run -d --name mysql8 -e MYSQL_ROOT_PASSWORD=Q7r!xTw0bn5z -e MYSQL_DATABASE=wp -p 3306:3306 mysql:8.0 — container exits after 2 seconds with code 1. Logs are empty. help",
        [("password", "Q7r!xTw0bn5z")],
    ),
    Row(
        "I reset my TP-Link router and set the admin password to Haddock&Chips42 but now I can't get into 192.168.0.1 at all, it says the password is wrong. Is there a separate admin user?",
        [("password", "Haddock&Chips42")],
    ),
    Row(
        "Can you write an email to IT? I'm locked out of the VPN. My login is jsmith / Tr0ub4dor&3 and it worked until Friday, I haven't changed it.",
        [("password", "Tr0ub4dor&3")],
    ),
    Row(
        "Pls help me remember to change this: bank app pin stays but the online banking password is now Maple.Street.1983 — write me a reminder note for the fridge that doesn't make it obvious what it is.",
        [("password", "Maple.Street.1983")],
    ),
    Row(
        "La password dell'account Netflix di famiglia è cambiata, adesso è Girasole_2025! — scrivi un messaggio breve per il gruppo WhatsApp dei cugini.",
        [("password", "Girasole_2025!")],
        lang="it",
    ),
    Row(
        "A senha do wi-fi do escritório agora é Caju@Praia2025. Escreve um aviso curto para colar na copa, em português e inglês.",
        [("password", "Caju@Praia2025")],
        lang="pt",
    ),
    Row(
        "会社のWi-Fiのパスワードは sakura-Tokyo#8812 です。新入社員向けの案内文を丁寧な日本語で作ってください。",
        [("password", "sakura-Tokyo#8812")],
        lang="ja",
    ),
    Row(
        """docker-compose for a Nextcloud at home. It says "Error while trying to initialise the database: SQLSTATE[HY000] [1045]".

services:
  db:
    image: mariadb:11
    environment:
      - MARIADB_ROOT_PASSWORD=tundra-Lichen-55
      - MARIADB_PASSWORD=nc-Otter-River-3
      - MARIADB_DATABASE=nextcloud
      - MARIADB_USER=nextcloud
  app:
    image: nextcloud
    environment:
      - MYSQL_PASSWORD=nc-Otter-River-3
      - MYSQL_DATABASE=nextcloud
      - MYSQL_USER=nextcloud
      - MYSQL_HOST=db""",
        [("password", "tundra-Lichen-55"), ("password", "nc-Otter-River-3")],
    ),
    Row(
        """Kubernetes secret for the app, stringData so I don't have to base64. Is that fine for ArgoCD?

apiVersion: v1
kind: Secret
metadata:
  name: payments-db
stringData:
  username: payments
  password: "R3dwood%Canyon!7" """,
        [("password", "R3dwood%Canyon!7")],
    ),
    Row(
        "Message to my brother: \"Hey, the login for mum's pension portal is her NI number and the password is Bluebell-Cottage-62. Can you check if the October payment went through? I can't get in from abroad.\" — make it sound less panicky.",
        [("password", "Bluebell-Cottage-62")],
    ),
    Row(
        """PHP PDO: SQLSTATE[28000] [1045] Access denied. What's wrong?

$pdo = new PDO('mysql:host=127.0.0.1;dbname=cms;charset=utf8mb4', 'cms_user', 'Xy7$Lq!92mNw', [
    PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
]);""",
        [("password", "Xy7$Lq!92mNw")],
    ),
    Row(
        'ldapsearch -x -H ldaps://dc01.holmgren.local -D "CN=svc-ldap,OU=Service,DC=holmgren,DC=local" -w \'Fj0rd!Bravo88\' -b "DC=holmgren,DC=local" "(sAMAccountName=akarlsson)" returns 49 invalid credentials. Bind DN format?',
        [("password", "Fj0rd!Bravo88")],
    ),
    Row(
        """Fetchmail config on the Raspberry Pi stopped working after the provider migration:

poll imap.posteo.de protocol IMAP
  user "h.lindqvist@posteo.net" there with password "Strandgut.Morgen.14" is pi here
  ssl""",
        [("password", "Strandgut.Morgen.14")],
    ),
    Row(
        "Hej! Kan du skrive en velkomstbesked til vores sommerhusgæster? Wi-Fi: Sommerhus_Klitten, adgangskode: Klitrose2025, og nøglen ligger under den blå potte.",
        [("password", "Klitrose2025")],
        lang="da",
    ),
    Row(
        """pgAdmin import fails. servers.json:
{
  "Servers": {
    "1": {
      "Name": "analytics-prod",
      "Host": "analytics.c9xq2mfz1h3k.eu-west-1.rds.amazonaws.com",
      "Port": 5432,
      "Username": "analyst",
      "Password": "Quartz-Meadow-4417",
      "MaintenanceDB": "postgres"
    }
  }
}""",
        [("password", "Quartz-Meadow-4417")],
    ),
    Row(
        "my uni account got flagged for a weak password, it's currently summer2019 lol. give me 5 stronger ones I can actually remember",
        [("password", "summer2019")],
    ),
    Row(
        """Write me a Python script that logs into our NAS and lists shares. Here's what I use manually:

smbclient -L //192.168.1.20 -U family%Eichhörnchen77""",
        [("password", "Eichhörnchen77")],
    ),
    Row(
        """GitLab Runner can't log into our Harbor registry:

[[runners]]
  name = "build-01"
  url = "https://gitlab.trellis.dev"
  environment = ["DOCKER_AUTH_CONFIG={\\"auths\\":{\\"harbor.trellis.dev\\":{\\"auth\\":\\"c3ZjX3JlcG9ydGluZzpxOSFMdzIjWnJU\\"}}}"]""",
        [("password", "c3ZjX3JlcG9ydGluZzpxOSFMdzIjWnJU")],
    ),
    Row(
        "La contraseña del router de la oficina es Naranjo#4490 y el usuario es admin. Necesito abrir el puerto 3389 para un compañero que teletrabaja, ¿me explicas los riesgos y una alternativa más segura?",
        [("password", "Naranjo#4490")],
        lang="es",
    ),
    Row(
        "The IPMI on our old Supermicro still has the password I set in 2019, it's Hydra!Velvet09. Write a change-request ticket explaining why it needs rotating, without putting the password in the ticket.",
        [("password", "Hydra!Velvet09")],
    ),
    # ---------------------------------------------------------------- health
    Row(
        "My husband was diagnosed with type 2 diabetes last week and I'm overwhelmed. Can you make a simple 7-day dinner plan that's low in carbs but still feels like normal family food?",
        [("health", "type 2 diabetes")],
    ),
    Row(
        "Summarise for the handover: Patient Sarah Lind, 58, HbA1c 8.2% (up from 7.1% in May), on metformin 1000 mg twice daily, complains of tingling in both feet. Plan: refer to podiatry, recheck in 3 months.",
        [
            ("person_name", "Sarah Lind"),
            ("health", "HbA1c 8.2%"),
            ("health", "metformin 1000 mg twice daily"),
            ("health", "tingling in both feet"),
        ],
    ),
    Row(
        "I'm on 20mg fluoxetine and my doctor wants to go up to 40. I'm nervous about side effects. What questions should I ask at the appointment on Thursday?",
        [("health", "20mg fluoxetine")],
    ),
    Row(
        "Mi madre tiene Alzheimer y cada vez se desorienta más por las tardes. ¿Me das ideas de actividades tranquilas para hacer con ella después de comer?",
        [("health", "Alzheimer")],
        lang="es",
    ),
    Row(
        "Mein Sohn hat ADHS und bekommt seit drei Wochen Methylphenidat 10 mg morgens. Die Lehrerin fragt, ob sie etwas beachten muss. Kannst du mir helfen, ihr eine kurze, sachliche Nachricht zu schreiben?",
        [("health", "ADHS"), ("health", "Methylphenidat 10 mg morgens")],
        lang="de",
    ),
    Row(
        """Hi, can you make this sick note to my manager sound more professional?

"Hi Daniel, I won't be in till next Wednesday. I had a miscarriage at the weekend and the doctor signed me off for a week. Please don't tell the team the reason. Thanks, Aoife" """,
        [("person_name", "Daniel"), ("health", "miscarriage"), ("person_name", "Aoife")],
    ),
    Row(
        "Dear Dr. Mensah, since starting lisinopril 10 mg I've had a dry cough that keeps me awake. My blood pressure readings this week were around 128/82. Could we discuss switching? Kind regards, Tomasz Wróbel",
        [
            ("person_name", "Mensah"),
            ("health", "lisinopril 10 mg"),
            ("health", "dry cough"),
            ("health", "128/82"),
            ("person_name", "Tomasz Wróbel"),
        ],
    ),
    Row(
        """Help me fill in the insurance claim description (max 500 chars):
Claimant: Rebecca Haines. On 14 Oct I slipped on the wet floor at the leisure centre and sustained a fractured left wrist (distal radius), treated with a cast for 6 weeks. I also have pre-existing osteopenia, which my GP says made the fracture worse.""",
        [
            ("person_name", "Rebecca Haines"),
            ("health", "fractured left wrist (distal radius)"),
            ("health", "osteopenia"),
        ],
    ),
    Row(
        """Caregiver notes for Mr. Alvarez, Tuesday:
- 08:00 gave warfarin 3 mg, INR last Friday 3.4 (target 2-3), GP informed
- ate half of breakfast, drowsy
- pressure sore on left heel looks redder, photographed
- stage 2 COPD, used inhaler twice before lunch
Can you turn this into a tidy shift report for the agency?""",
        [
            ("person_name", "Alvarez"),
            ("health", "warfarin 3 mg"),
            ("health", "INR last Friday 3.4"),
            ("health", "pressure sore on left heel"),
            ("health", "stage 2 COPD"),
        ],
    ),
    Row(
        "I'm 11 weeks pregnant and haven't told work yet. We have a team offsite with a lot of drinking in two weeks. How can I politely skip the drinks without giving it away?",
        [("health", "11 weeks pregnant")],
    ),
    Row(
        "My daughter Leila has a severe peanut allergy (anaphylaxis twice) and carries an EpiPen. Write a one-page note for her new nursery explaining what to do in an emergency.",
        [("person_name", "Leila"), ("health", "severe peanut allergy"), ("health", "anaphylaxis twice")],
    ),
    Row(
        "I have bipolar II and I'm on lamotrigine 200 mg. I want to ask my employer for flexible hours during bad episodes. How do I phrase it without oversharing?",
        [("health", "bipolar II"), ("health", "lamotrigine 200 mg")],
    ),
    Row(
        "Mon père, Gérard Fontaine, a fait un AVC ischémique le 2 novembre et il a une hémiplégie droite. Peux-tu m'aider à écrire une demande d'aménagement de son logement à la caisse de retraite ?",
        [("person_name", "Gérard Fontaine"), ("health", "AVC ischémique"), ("health", "hémiplégie droite")],
        lang="fr",
    ),
    Row(
        "Can you explain my blood test in plain English? Ferritin 9 ug/L (low), haemoglobin 104 g/L, vitamin B12 normal. I've been exhausted for months and my periods are very heavy.",
        [
            ("health", "Ferritin 9 ug/L"),
            ("health", "haemoglobin 104 g/L"),
            ("health", "periods are very heavy"),
        ],
    ),
    Row(
        "Write a short email to my son's football coach: Ethan was diagnosed with a concussion after Saturday's match and the doctor says no contact sport for at least three weeks.",
        [("person_name", "Ethan"), ("health", "concussion")],
    ),
    Row(
        """Please translate to German for my new GP in Munich:
"I have had Crohn's disease since 2014. I currently take azathioprine 100 mg daily and had a bowel resection in 2019. My last colonoscopy (March 2025) showed mild inflammation in the terminal ileum." """,
        [
            ("health", "Crohn's disease"),
            ("health", "azathioprine 100 mg daily"),
            ("health", "bowel resection"),
            ("health", "mild inflammation in the terminal ileum"),
        ],
    ),
    Row(
        "My wife is HIV positive, undetectable viral load for five years. We want to try for a baby. What should we ask the fertility clinic?",
        [("health", "HIV positive"), ("health", "undetectable viral load")],
    ),
    Row(
        "I've been having panic attacks at work almost daily since the restructuring and my therapist thinks it's generalised anxiety disorder. Can you help me write to HR asking for a temporary reduction in hours?",
        [("health", "panic attacks"), ("health", "generalised anxiety disorder")],
    ),
    Row(
        """Draft an appeal letter to the benefits office. Facts:
- Name: Marcus Oyelaran
- Conditions: multiple sclerosis (relapsing-remitting, diagnosed 2018), chronic fatigue, bladder urgency
- Uses a walking stick outdoors, cannot walk more than 50 metres
- Assessor scored him 0 points on mobility""",
        [
            ("person_name", "Marcus Oyelaran"),
            ("health", "multiple sclerosis (relapsing-remitting, diagnosed 2018)"),
            ("health", "chronic fatigue"),
            ("health", "bladder urgency"),
            ("health", "cannot walk more than 50 metres"),
        ],
    ),
    Row(
        "Mia nonna prende Eutirox 75 mcg la mattina e Cardioaspirina 100 mg dopo pranzo. Mi fai una tabella settimanale da stampare per ricordarle le medicine?",
        [("health", "Eutirox 75 mcg"), ("health", "Cardioaspirina 100 mg")],
        lang="it",
    ),
    Row(
        "My PSA came back at 6.8 and the urologist wants an MRI. I'm 61. I've read too much online — can you tell me calmly what the next steps usually are?",
        [("health", "PSA came back at 6.8")],
    ),
    Row(
        "Rewrite this text to my sister so it's gentler: 'Dad's scan shows the lung cancer has spread to his liver, stage 4, they're talking palliative chemo. Call me.'",
        [("health", "lung cancer has spread to his liver, stage 4"), ("health", "palliative chemo")],
    ),
    Row(
        "I'm autistic and I find open-plan offices really hard. Could you help me write a reasonable-adjustment request for noise-cancelling headphones and a desk by the wall?",
        [("health", "autistic")],
    ),
    Row(
        "Mi hijo Mateo tiene epilepsia y toma levetiracetam 500 mg cada 12 horas. Va a ir de campamento con el colegio. ¿Qué información debería darle al monitor?",
        [("person_name", "Mateo"), ("health", "epilepsia"), ("health", "levetiracetam 500 mg cada 12 horas")],
        lang="es",
    ),
    Row(
        """SOAP note, please clean up grammar only:
S: 34F, G2P1, 28+3 weeks, reports headaches and swollen ankles x3 days.
O: BP 148/96, urine protein 2+.
A: suspected pre-eclampsia.
P: admit for monitoring, bloods (PIGF, LFTs), inform obstetric reg.
Pt: Hannah Cole""",
        [
            ("health", "28+3 weeks"),
            ("health", "BP 148/96"),
            ("health", "urine protein 2+"),
            ("health", "suspected pre-eclampsia"),
            ("person_name", "Hannah Cole"),
        ],
    ),
    Row(
        "I'm a recovering alcoholic, 14 months sober. My best friend's wedding has an open bar and I'm the best man. Help me plan how to get through the day.",
        [("health", "recovering alcoholic, 14 months sober")],
    ),
    Row(
        "Write a note to the school: my son Oliver has type 1 diabetes, uses an insulin pump, and his blood sugar can drop during PE. He may need to eat in class.",
        [("person_name", "Oliver"), ("health", "type 1 diabetes"), ("health", "insulin pump")],
    ),
    Row(
        "Meine Frau ist seit der Geburt unserer Tochter an einer postpartalen Depression erkrankt und nimmt Sertralin 50 mg. Wie kann ich sie im Alltag am besten unterstützen?",
        [("health", "postpartalen Depression"), ("health", "Sertralin 50 mg")],
        lang="de",
    ),
    Row(
        "I need to tell my new partner I have genital herpes before things go further. Help me find the words, I'm terrified.",
        [("health", "genital herpes")],
    ),
    Row(
        "Our employee Jonas Berg has returned from sick leave after a burnout diagnosis and his doctor recommends 50% hours for 8 weeks. Draft a return-to-work plan for HR.",
        [("person_name", "Jonas Berg"), ("health", "burnout diagnosis")],
    ),
    Row(
        "I'm allergic to penicillin (rash and swelling) and the dentist prescribed amoxicillin. Write a quick message to the practice asking them to change it.",
        [("health", "allergic to penicillin (rash and swelling)")],
    ),
    Row(
        "Summarise this for my mum in simple words: eGFR 38, creatinine 162 µmol/L, stage 3b chronic kidney disease. Her nephrologist said no more ibuprofen.",
        [
            ("health", "eGFR 38"),
            ("health", "creatinine 162 µmol/L"),
            ("health", "stage 3b chronic kidney disease"),
        ],
    ),
    Row(
        "私の父は去年パーキンソン病と診断されて、今はレボドパを1日3回飲んでいます。介護休暇を申請するための上司へのメールを書いてください。",
        [("health", "パーキンソン病"), ("health", "レボドパを1日3回")],
        lang="ja",
    ),
    Row(
        "Since my hip replacement in September I still can't put socks on by myself. I'm 72 and live alone. What aids exist and how do I ask the council for an OT visit?",
        [("health", "hip replacement")],
    ),
    Row(
        "I'm deaf in my left ear and wear a hearing aid in the right. Write a short note to the interview panel asking for a quiet room and that people face me when they speak.",
        [("health", "deaf in my left ear"), ("health", "hearing aid")],
    ),
    Row(
        "Eating disorder support: my 16-year-old, Chloe, has been diagnosed with anorexia nervosa and her BMI is 15.9. The hospital wants family-based treatment. How do we prepare as parents?",
        [("person_name", "Chloe"), ("health", "anorexia nervosa"), ("health", "BMI is 15.9")],
    ),
    Row(
        "Minha mãe descobriu que tem câncer de mama em estágio inicial e vai fazer mastectomia no mês que vem. Me ajuda a escrever uma mensagem de apoio para ela?",
        [("health", "câncer de mama em estágio inicial"), ("health", "mastectomia")],
        lang="pt",
    ),
    Row(
        "Patient list export, please reformat as a markdown table: Kofi Asante — asthma, salbutamol PRN; Ruth Pemberton — atrial fibrillation, apixaban 5 mg BD; Lars Nyberg — hypothyroidism, levothyroxine 100 mcg.",
        [
            ("person_name", "Kofi Asante"),
            ("health", "asthma"),
            ("health", "salbutamol PRN"),
            ("person_name", "Ruth Pemberton"),
            ("health", "atrial fibrillation"),
            ("health", "apixaban 5 mg BD"),
            ("person_name", "Lars Nyberg"),
            ("health", "hypothyroidism"),
            ("health", "levothyroxine 100 mcg"),
        ],
    ),
]

NEGATIVES = [
    # placeholders and templates
    Negative(
        'How do I read OPENAI_API_KEY from the environment in a FastAPI app instead of hard-coding it? Right now I have api_key="YOUR_API_KEY" in main.py.',
        "placeholder_credential",
    ),
    Negative(
        """The README says to run:

curl https://api.example.com/v1/items -H "Authorization: Bearer <token>"

What goes in <token> and where do I get it?""",
        "placeholder_credential",
    ),
    Negative(
        "In the OpenAI docs they show keys as sk-... — does the sk- prefix mean it's a secret key or a project key?",
        "token_docs",
    ),
    Negative(
        """.env.example for the repo, can you check nothing real is in here?

STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx
SENDGRID_API_KEY=SG.xxxxxxxx.xxxxxxxx
DATABASE_URL=postgres://user:password@localhost:5432/app""",
        "placeholder_credential",
    ),
    Negative(
        """docker-compose from the official image docs:

environment:
  POSTGRES_PASSWORD: changeme   # replace before deploying
  POSTGRES_USER: postgres""",
        "placeholder_credential",
    ),
    Negative(
        "Is password123 really still one of the most common passwords? I'm writing a security awareness slide and want a few examples of bad passwords like qwerty and 123456.",
        "password_advice",
    ),
    Negative(
        "What makes a good Wi-Fi password? Is a four-word passphrase better than 12 random characters?",
        "password_advice",
    ),
    Negative(
        "Explain the difference between an access token and a refresh token in OAuth 2.0, with a sequence diagram in mermaid.",
        "token_docs",
    ),
    Negative(
        "GitHub classic personal access tokens start with ghp_ and fine-grained ones with github_pat_. How should a pre-commit hook detect them without false positives?",
        "token_docs",
    ),
    Negative(
        "Write a regex that matches AWS access key IDs (they start with AKIA and are 20 characters) for our log scrubber.",
        "token_docs",
    ),
    Negative(
        'In the Helm chart values.yaml we have `apiKey: ""  # set via --set apiKey=...` — is it better to use an existingSecret reference?',
        "placeholder_credential",
    ),
    Negative(
        "Environment variables the service reads: DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, REDIS_URL, SENTRY_DSN, STRIPE_SECRET_KEY. Write a pydantic Settings class for them.",
        "env_var_names",
    ),
    Negative(
        """Terraform variable block, review the naming:

variable "db_password" {
  type      = string
  sensitive = true
}
variable "api_key" {
  type      = string
  sensitive = true
}""",
        "env_var_names",
    ),
    Negative(
        "My k8s Secret shows `password: <redacted>` in kubectl describe. How do I view the real value with kubectl get -o jsonpath?",
        "placeholder_credential",
    ),
    Negative(
        "Our style guide says to write example keys as `sk-proj-XXXXXXXXXXXXXXXXXXXX` in docs. Should we use angle brackets instead, like <OPENAI_KEY>?",
        "placeholder_credential",
    ),
    Negative(
        "Postman shows {{api_key}} in the header instead of my environment value. How do I select the environment?",
        "placeholder_credential",
    ),
    Negative(
        "What's the format of a Slack incoming webhook URL and how do I rotate one if it leaks?", "token_docs"
    ),
    Negative(
        "How long is an Anthropic API key and what does the sk-ant-api03 prefix mean? Just curious, no key here.",
        "token_docs",
    ),
    Negative(
        "For the tutorial use mongodb://admin:admin@localhost:27017 — it's a throwaway local container, right? Or should beginners learn to set a real password from the start?",
        "placeholder_credential",
    ),
    Negative(
        "Spring docs example: spring.datasource.password=secret — why do they use 'secret' literally, and how do I wire Vault in instead?",
        "placeholder_credential",
    ),
    # hashes, ids
    Negative(
        "sha256sum of the ISO I downloaded: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 — the site lists a different one. Is the download corrupted?",
        "sha256",
    ),
    Negative(
        "git bisect says the first bad commit is 3a7f1c9e2b44d0f8a61e5c7b9d2e4f60a1b3c5d7. How do I see what changed in it?",
        "git_sha",
    ),
    Negative("Can I revert 5e1d2c7 and 88af0b3 in one go without reverting the merge in between?", "git_sha"),
    Negative("Is 550e8400-e29b-41d4-a716-446655440000 a valid UUID v4? The validator rejects it.", "uuid"),
    Negative(
        "Our orders table uses UUIDv7 like 01890a5d-ac96-774b-bcce-b302099a8057 as primary keys. Any index fragmentation issues in Postgres?",
        "uuid",
    ),
    Negative(
        "Why does bcrypt output start with $2b$12$ and why is it 60 characters? I'm explaining hashing to juniors, no real hashes needed.",
        "hash_docs",
    ),
    Negative(
        "Docker image digest sha256:4f0a7c1bd2e93e6a5d1b8c2f7e6a9d0b3c4e5f6a7b8c9d0e1f2a3b4c5d6e7f80 — how do I pin it in a compose file?",
        "sha256",
    ),
    Negative(
        "pip says: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE. Expected sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855. What does that mean?",
        "sha256",
    ),
    Negative(
        "The npm lockfile has integrity sha512-2Jkq... entries everywhere. Is it safe to commit package-lock.json?",
        "hash_docs",
    ),
    Negative('Etag header is W/"5e15153d-120f". Can I use it for cache invalidation in my CDN?', "etag"),
    Negative(
        "Request ID from the error page: req_7f3b92c41e0a48d5. Write a support ticket asking them to look it up.",
        "request_id",
    ),
    Negative(
        "My Stripe payment intent id is pi_3Q8xZ2L0abc and the webhook says it's already captured. Is that id sensitive?",
        "object_id",
    ),
    Negative(
        "Trace ID 4bf92f3577b34da6a3ce929d0e0e4736 shows up in Jaeger but with no spans. Sampling issue?",
        "trace_id",
    ),
    Negative(
        "The Azure subscription ID is in every resource path, like /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-demo. Should I hide it in screenshots?",
        "uuid",
    ),
    # public keys, certificates
    Negative(
        """Add this to authorized_keys on the server for me? It's my public key:

ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq8r0hZc1pW4nT6mQ2vY8kX3bL5dF7sJ9aE1uR0oNcK maria@thinkpad""",
        "public_key",
    ),
    Negative(
        """Is this the right format for the JWKS public key?

-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEq8Ezc3LhYq9Vf2k4mX0JrE7sTn1p
Wd6GyB3cH5aZtK9uL2oRj8vQ1xN4eF7iM0bS6hD3gC9kY2wP5rT8nU1zA==
-----END PUBLIC KEY-----""",
        "public_key",
    ),
    Negative(
        """openssl x509 -noout -dates fails on this, what's wrong?

-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIUK3j1c5hQ0yV7n2m4s8w1ZxFqLk0wCgYIKoZIzj0EAwIw
LzEtMCsGA1UEAwwkbG9jYWwuZGV2LnRlc3QgU2VsZi1TaWduZWQgUm9vdCBDQTAe
Fw0yNTAxMDEwMDAwMDBaFw0zNTAxMDEwMDAwMDBaMC8xLTArBgNVBAMMJGxvY2Fs
-----END CERTIFICATE-----""",
        "certificate",
    ),
    Negative(
        "My WireGuard peer's PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg= — where do I put it, [Interface] or [Peer]?",
        "public_key",
    ),
    Negative(
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQC7vQ8k2Hn5m1Z9pL4x is truncated in my GitHub settings page. Does the key need to be on one line?",
        "public_key",
    ),
    Negative(
        "How do I convert a PEM certificate chain (BEGIN CERTIFICATE blocks) into a .pfx for IIS? I have the key separately.",
        "certificate",
    ),
    Negative(
        "The age public key for our sops setup is age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p — should it go in .sops.yaml?",
        "public_key",
    ),
    Negative(
        "What's the difference between '-----BEGIN RSA PRIVATE KEY-----' and '-----BEGIN PRIVATE KEY-----' headers? Just the format question, PKCS#1 vs PKCS#8.",
        "token_docs",
    ),
    # base64 / data that are not secrets
    Negative(
        'Why doesn\'t this inline image show in my email? <img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==">',
        "base64_data",
    ),
    Negative(
        "Decode this base64 for me please, it's from a QR code on a poster: SGVsbG8gZnJvbSB0aGUgYmFrZXJ5IG9uIE1haW4gU3RyZWV0IQ==",
        "base64_data",
    ),
    Negative(
        "The font is embedded as url(data:font/woff2;base64,d09GMgABAAAAAAYQAA0AAAAADMgAAAW7AAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAP0ZGVE0cGh4GYACCUhEICo...) — is that bad for performance?",
        "base64_data",
    ),
    Negative(
        "A JWT is header.payload.signature, each part base64url-encoded. Can you explain why the header usually starts with eyJ?",
        "token_docs",
    ),
    Negative(
        "What does this CSS hex mean: #3a7bd5 to #00d2ff gradient? Give me a matching palette.", "hex_color"
    ),
    Negative(
        "MAC address of my printer is 3C:2A:F4:91:0B:7E, how do I reserve an IP for it on a FritzBox?",
        "mac_address",
    ),
    Negative(
        "The S3 object key is uploads/2025/11/8f14e45fceea167a5a36dedd4bea2543.jpg — is using an md5 of the file as the name a good idea?",
        "md5",
    ),
    Negative(
        "Git LFS pointer file: version https://git-lfs.github.com/spec/v1 oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393 size 132735. How do I fetch the real file?",
        "sha256",
    ),
    # generic health, no person
    Negative("What are the early symptoms of type 2 diabetes?", "generic_health"),
    Negative("What's the maximum daily dose of ibuprofen for an adult?", "generic_health"),
    Negative(
        "Explain how SSRIs like fluoxetine work, for a first-year pharmacology essay.", "generic_health"
    ),
    Negative("Is it safe to take paracetamol and ibuprofen together? General question.", "generic_health"),
    Negative("Wie viele Menschen in Deutschland haben ADHS? Gibt es Zahlen vom RKI?", "generic_health"),
    Negative(
        "¿Cuáles son los primeros signos del Alzheimer y cómo se diferencia de la demencia vascular?",
        "generic_health",
    ),
    Negative(
        "Write a quiz with 10 questions about the circulatory system for year 9 biology.", "medical_generic"
    ),
    Negative(
        "HbA1c is a measure of average blood glucose over about three months. What target range do guidelines recommend for most adults with diabetes?",
        "generic_health",
    ),
    Negative(
        "Textbook excerpt to summarise: 'Pre-eclampsia is a multisystem disorder of pregnancy characterised by hypertension after 20 weeks' gestation and proteinuria or end-organ dysfunction.'",
        "medical_textbook",
    ),
    Negative("What does 'stage 3b CKD' mean in terms of eGFR range?", "generic_health"),
    Negative(
        "In my novel, the detective Eleanor Vance hides her epilepsy from her superiors. Is it realistic that she could drive in 1950s London?",
        "fiction",
    ),
    Negative(
        "Make flashcards: warfarin (vitamin K antagonist, monitor INR), apixaban (factor Xa inhibitor), heparin (antithrombin activator).",
        "medical_textbook",
    ),
    Negative("Quels sont les effets secondaires les plus fréquents de la metformine ?", "generic_health"),
    Negative(
        "How common is penicillin allergy really, and how many people who think they're allergic actually aren't?",
        "generic_health",
    ),
    Negative(
        "Did Franklin D. Roosevelt hide his polio from the public? Write two paragraphs for a history class.",
        "public_figure",
    ),
    Negative(
        "Design a database schema for a clinic: tables for patients, diagnoses (ICD-10 codes), prescriptions with dose and frequency. No sample data needed.",
        "medical_generic",
    ),
    # fiction and other look-alikes
    Negative(
        "For my escape room, the final clue is a fake password printed on a prop: 'OPEN-SESAME-42'. Write the riddle that leads players to it.",
        "fiction",
    ),
    Negative(
        "In the heist film script, the hacker says 'I'm in — the password was swordfish.' Can you punch up that scene?",
        "fiction",
    ),
    Negative(
        "Our password policy: minimum 14 characters, no reuse of the last 5, rotate every 180 days. Rewrite it as a friendly intranet post.",
        "password_advice",
    ),
    Negative(
        "Generate a random 32-character secret for me in Python — show me the code with secrets.token_urlsafe, don't show an actual output.",
        "token_docs",
    ),
    Negative(
        "What is the TOTP secret in a QR code for 2FA, and is it OK to back it up in a password manager?",
        "token_docs",
    ),
    Negative(
        "The log shows 'Authorization: Bearer ***' with the token masked. Is that masking done by nginx or by our app?",
        "placeholder_credential",
    ),
    Negative(
        'Nginx config: proxy_set_header Authorization "Bearer $http_x_token"; — will that forward the client\'s header correctly?',
        "code_variable",
    ),
    Negative(
        "In Python, `password = getpass.getpass()` then `hashlib.pbkdf2_hmac('sha256', password.encode(), salt, 600_000)` — is that enough iterations in 2025?",
        "code_variable",
    ),
    Negative(
        "Version bump: 4.17.21 -> 4.18.0 of lodash, plus @types/node 22.10.1. Any breaking changes?",
        "version_number",
    ),
    Negative(
        "Our Wi-Fi SSID is 'Office-Guest' and it uses WPA3. Should the guest network be on a separate VLAN?",
        "wifi_no_password",
    ),
]

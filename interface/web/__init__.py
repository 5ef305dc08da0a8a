"""The console (管理控制台): server-rendered pages in Chinese (English as a switch) for inspectors,
auditors, quality managers and window staff, served by the same application and middleware as the API.

Pages read through the same services and report registry as the API, as the signed-in person (the same
role and department checks), and record what they show in the read-access log. Every asset is served
from ``static/``: the console works on a network without internet.
"""

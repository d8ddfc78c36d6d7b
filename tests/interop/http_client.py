# Python's http.client: two requests on one kept-alive connection.
import sys, http.client

conn = http.client.HTTPConnection(sys.argv[1], int(sys.argv[2]), timeout=5)
for name in ["python", "again"]:
    conn.request("GET", "/hello?name=" + name)
    response = conn.getresponse()
    body = response.read().decode()
    print(response.status, response.getheader("Content-Type"), "Hello, %s!" % name in body)
conn.close()

import servers

print(servers.FakeServer().handle("GET /"))

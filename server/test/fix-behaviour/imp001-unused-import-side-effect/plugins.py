REGISTRY = []
print("plugins registered")
REGISTRY.append("default")

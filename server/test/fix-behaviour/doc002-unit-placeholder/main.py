import waiting

print(waiting.wait_until(lambda: True))
print(waiting.wait_until.__doc__)  # the docstring the fix extends

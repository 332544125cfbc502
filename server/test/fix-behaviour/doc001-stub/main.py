import shapes

print(shapes.square(3))
help(shapes.square)  # the docstring a stub would add is what help() shows

import shapes

print(shapes.area_of_square(3), shapes.describe())
# the star import makes cube importable from shapes too; a run that read it would keep it

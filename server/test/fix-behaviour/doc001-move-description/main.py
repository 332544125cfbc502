import shapes

print("%.2f" % shapes.circle(2))

/**
 * A tap or click on a canvas object: the press began on this object and ended on it. Phaser also
 * reports a release over an object when the press began on the HTML overlay above the canvas (it
 * listens to every touch and mouse release on the window), so a finger on a tutorial card's Next
 * button used to pick the state drawn under the button. Only a press that started on the canvas,
 * on this object, counts.
 */
import Phaser from 'phaser';

export function onTap(target: Phaser.GameObjects.Zone, handler: () => void): void {
  const pressed = new Set<number>();
  target.on(Phaser.Input.Events.GAMEOBJECT_POINTER_DOWN, (p: Phaser.Input.Pointer) => {
    if (p.downElement === target.scene.game.canvas) pressed.add(p.id);
  });
  target.on(Phaser.Input.Events.GAMEOBJECT_POINTER_OUT, (p: Phaser.Input.Pointer) => {
    pressed.delete(p.id);
  });
  target.on(Phaser.Input.Events.GAMEOBJECT_POINTER_UP, (p: Phaser.Input.Pointer) => {
    if (pressed.delete(p.id)) handler();
  });
}
